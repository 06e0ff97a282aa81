package io.bloatscope.report.read;

/**
 * The snapshot fields the analysis reads, one primitive column each in {@link RunColumns}. Byte
 * columns are stored in KiB (as an {@code int}) so that a week of 1 s snapshots fits in about
 * 100 MB; every source of RSS is page- or KiB-grained, so nothing measurable is lost.
 */
public enum Column {
    RSS(true), RSS_ANON(true), RSS_FILE(true), SWAP(true), OS_THREADS(false),
    HEAP_USED(true), HEAP_COMMITTED(true), HEAP_MAX(true), HEAP_USED_AFTER_GC(true),
    /** The old generation pool (name contains "Old" or "Tenured"): usage and usage after its last collection. */
    OLD_USED(true), OLD_USED_AFTER_GC(true),
    /** Collections so far over all collectors, and over the old/full/concurrent-cycle ones only. */
    GC_COUNT(false), OLD_GC_COUNT(false),
    METASPACE_USED(true), METASPACE_COMMITTED(true), CLASS_SPACE_USED(true), CLASS_SPACE_COMMITTED(true),
    CODE_CACHE_COMMITTED(true),
    CLASSES_LOADED(false), THREADS_LIVE(false),
    DIRECT_COUNT(false), DIRECT_USED(true), MAPPED_USED(true),
    NMT_COMMITTED(true), NMT_MALLOC(true),
    /** NMT categories grouped the way the ledger needs them (committed bytes). */
    NMT_HEAP(true), NMT_CLASS(true), NMT_CODE(true), NMT_THREAD(true), NMT_THREAD_STACK(true), NMT_GC(true),
    NMT_OTHER(true), NMT_SHARED_CLASS(true), NMT_REST(true),
    /** The JIT's own memory ("Compiler", "Arena Chunk"): grows and shrinks with compilation bursts. */
    NMT_JIT(true),
    /**
     * NMT's high-water mark of the compiler's arenas ("Compiler" arenaPeakBytes) since the JVM started:
     * a compilation between two snapshots shows here and nowhere else. Absent on JDKs that print no peaks.
     */
    NMT_JIT_ARENA_PEAK(true),
    SMAPS_ANON(true), SMAPS_MAIN_ARENA(true), SMAPS_ARENA_HEAPS(false), SMAPS_ARENA_HEAP_RSS(true),
    MALLOC_ARENAS(false), MALLOC_IN_USE(true), MALLOC_FREE(true), MALLOC_SYSTEM(true), MALLOC_MMAP(true),
    /** Free bytes in whole pages inside free chunks: what malloc_trim can give back (estimate, see FreeChunkPages). */
    MALLOC_FREE_WHOLE_PAGES(true),
    TRIM_RELEASED(true), TRIM_RSS_BEFORE(true),
    /**
     * jemalloc's own statistics (agent {@code allocatorStats}, JDK 22+): allocated by the program,
     * in active pages, resident (dirty pages and metadata included), and its metadata.
     */
    JEMALLOC_ALLOCATED(true), JEMALLOC_ACTIVE(true), JEMALLOC_RESIDENT(true), JEMALLOC_METADATA(true),
    /** Heap used right after a collection the agent requested ({@code liveSet} option): an exact live set. */
    LIVE_SET(true);

    /** True when the column holds bytes (stored in KiB), false for counts. */
    public final boolean bytes;

    Column(boolean bytes) {
        this.bytes = bytes;
    }

    static final Column[] ALL = values();
}
