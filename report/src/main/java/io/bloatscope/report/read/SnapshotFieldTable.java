package io.bloatscope.report.read;

import static io.bloatscope.report.read.Field.marker;
import static io.bloatscope.report.read.Field.number;
import static io.bloatscope.report.read.Field.object;
import static io.bloatscope.report.read.Field.record;
import static io.bloatscope.report.read.Field.records;
import static io.bloatscope.report.read.Field.time;
import static io.bloatscope.report.read.Field.wholePages;
import static io.bloatscope.report.read.RecordSlot.text;

import io.bloatscope.format.SnapshotFields;

/**
 * Which fields of a snapshot line the report keeps, and in which {@link Column}: the one place that
 * names them (see the README's snapshot field reference for what each means). Reading a new field
 * is a new entry here (and a {@link Column}); fields without an entry are skipped.
 *
 * <p>Entries marked {@code light} are what the analysis needs from every line of a long run (see
 * {@link ColumnarReader}); {@code wantsFull} sections are rare and wanted whole, so a line holding
 * one is always read in full. Markers are not read, only noted, so that the reader can find the
 * latest line holding them (the allocation sites, the JIT's compilations) without reading the file
 * again.
 */
final class SnapshotFieldTable {
    /** Mark bits: the line holds a {@code sites} object, a {@code compilerMemory} object. */
    static final int SITES = 1, COMPILER_MEMORY = 2;
    /** Sections and flags the report reads whole from the run's latest lines ({@link RunTail}). */
    static final String SITES_SECTION = SnapshotFields.SITES, COMPILER_MEMORY_SECTION = "compilerMemory",
            AT_EXIT = "atExit", STOPPED = "stopped";

    static final Field LINE = object("",
            time(SnapshotFields.TIME_MILLIS).light(),
            object("process",
                    number("vmRssBytes", Column.RSS),
                    number("rssAnonBytes", Column.RSS_ANON),
                    number("rssFileBytes", Column.RSS_FILE),
                    number("vmSwapBytes", Column.SWAP),
                    number("threads", Column.OS_THREADS)).light(),
            object("heap",
                    records("pools", RecordRule.OLD_POOL,
                            text("name"), RecordSlot.number("usedBytes"), RecordSlot.number("usedAfterGcBytes")),
                    number("usedBytes", Column.HEAP_USED),
                    number("committedBytes", Column.HEAP_COMMITTED),
                    number("maxBytes", Column.HEAP_MAX),
                    number("usedAfterGcBytes", Column.HEAP_USED_AFTER_GC)).light(),
            object("gc",
                    records("collectors", RecordRule.COLLECTOR, text("name"), RecordSlot.number("count"))).light(),
            object("nonHeap",
                    number("metaspaceUsedBytes", Column.METASPACE_USED),
                    number("metaspaceCommittedBytes", Column.METASPACE_COMMITTED),
                    number("classSpaceUsedBytes", Column.CLASS_SPACE_USED),
                    number("classSpaceCommittedBytes", Column.CLASS_SPACE_COMMITTED),
                    number("codeCacheCommittedBytes", Column.CODE_CACHE_COMMITTED)),
            object("classes", number("loaded", Column.CLASSES_LOADED)),
            object("threads", number("live", Column.THREADS_LIVE)),
            records("buffers", RecordRule.BUFFER_POOL,
                    text("name"), RecordSlot.number("count"), RecordSlot.number("usedBytes")),
            object("nmt",
                    number("totalCommittedBytes", Column.NMT_COMMITTED),
                    number("totalMallocBytes", Column.NMT_MALLOC),
                    records("categories", RecordRule.NMT_CATEGORY,
                            text("name"), RecordSlot.number("committedBytes"),
                            RecordSlot.number("stackCommittedBytes"), RecordSlot.number("arenaPeakBytes"))),
            object("smaps",
                    number("anonRssBytes", Column.SMAPS_ANON),
                    number("mainArenaRssBytes", Column.SMAPS_MAIN_ARENA),
                    number("arenaHeapCount", Column.SMAPS_ARENA_HEAPS),
                    number("arenaHeapRssBytes", Column.SMAPS_ARENA_HEAP_RSS)).wantsFull(),
            object("mallocInfo",
                    number("arenaCount", Column.MALLOC_ARENAS),
                    number("inUseBytes", Column.MALLOC_IN_USE),
                    number("freeBytes", Column.MALLOC_FREE),
                    number("systemCurrentBytes", Column.MALLOC_SYSTEM),
                    number("mmapBytes", Column.MALLOC_MMAP),
                    wholePages("freeChunkBuckets", Column.MALLOC_FREE_WHOLE_PAGES)),
            object("jemalloc",
                    number("allocatedBytes", Column.JEMALLOC_ALLOCATED),
                    number("activeBytes", Column.JEMALLOC_ACTIVE),
                    number("residentBytes", Column.JEMALLOC_RESIDENT),
                    number("metadataBytes", Column.JEMALLOC_METADATA)),
            object("trim",
                    number("releasedBytes", Column.TRIM_RELEASED),
                    number("rssBeforeBytes", Column.TRIM_RSS_BEFORE)).wantsFull(),
            record("liveSet", RecordRule.LIVE_SET, RecordSlot.number("bytes"), text("concurrent")).wantsFull(),
            marker(SITES_SECTION, SITES),
            marker(COMPILER_MEMORY_SECTION, COMPILER_MEMORY));

    private SnapshotFieldTable() {
    }
}
