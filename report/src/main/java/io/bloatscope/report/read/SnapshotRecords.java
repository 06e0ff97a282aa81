package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * The decisions a snapshot line's record arrays need, one per {@link RecordRule}, each reading the
 * slots {@link SnapshotFieldTable} declares for it, by position (the comment on each names them).
 */
final class SnapshotRecords {
    /** Names of the old generation's pool, and of collectors that collect it (old, full, concurrent cycles). */
    private static final byte[][] OLD_POOL_NAMES = {k("Old"), k("Tenured")};
    private static final byte[][] OLD_COLLECTOR_NAMES = {k("Old"), k("MarkSweep"), k("Concurrent"), k("Major"),
        k("Cycles")};
    /** Young-only cycles of a generational concurrent collector ("ZGC Minor Cycles"): never old. */
    private static final byte[][] YOUNG_COLLECTOR_NAMES = {k("Minor"), k("Young")};
    private static final byte[] DIRECT = k("\"direct\""), TRUE = k("true");

    private SnapshotRecords() {
    }

    /** heap.pools[]: name, usedBytes, usedAfterGcBytes; the old generation's pool by its name. */
    static void oldPool(RecordValues v, ColumnBlock out) {
        if (v.textContainsAny(0, OLD_POOL_NAMES)) {
            setIfPresent(out, Column.OLD_USED, v.number(1));
            setIfPresent(out, Column.OLD_USED_AFTER_GC, v.number(2));
        }
    }

    /**
     * gc.collectors[]: name, count; all collections summed, and those of old, full and
     * concurrent-cycle collectors apart (an empty array is fine: no collections to count).
     */
    static void collector(RecordValues v, ColumnBlock out) {
        if (v.present(1)) {
            out.add(Column.GC_COUNT, v.number(1));
            if (v.textContainsAny(0, OLD_COLLECTOR_NAMES) && !v.textContainsAny(0, YOUNG_COLLECTOR_NAMES)) {
                out.add(Column.OLD_GC_COUNT, v.number(1));
            }
        }
    }

    /** buffers[]: name, count, usedBytes; the direct pool alone, every other (mapped) pool summed. */
    static void bufferPool(RecordValues v, ColumnBlock out) {
        if (v.textIs(0, DIRECT)) {
            setIfPresent(out, Column.DIRECT_COUNT, v.number(1));
            setIfPresent(out, Column.DIRECT_USED, v.number(2));
        } else if (v.present(2)) {
            out.add(Column.MAPPED_USED, v.number(2));
        }
    }

    /**
     * nmt.categories[]: name, committedBytes, stackCommittedBytes; committed bytes summed into the
     * ledger's groups, thread stacks apart (their own category on newer JDKs, a figure of "Thread"
     * on older ones), and each category's first and last value kept by name.
     */
    static void nmtCategory(RecordValues v, ColumnBlock out) {
        if (!v.hasText(0) || !v.present(1)) {
            return;
        }
        NmtCategoryNames names = v.categories;
        int known = names.indexOf(v.cursor(), v.stringStart(0), v.stringLength(0));
        long committed = v.number(1);
        out.add(names.group(known), committed);
        if (names.isThreadStack(known)) {
            out.add(Column.NMT_THREAD_STACK, committed);
        } else if (v.present(2)) {
            out.add(Column.NMT_THREAD_STACK, v.number(2));
        }
        if (names.isCompiler(known) && v.present(3)) {
            out.set(Column.NMT_JIT_ARENA_PEAK, v.number(3));
        }
        out.nmtCategory(names.name(known), committed);
    }

    /**
     * liveSet: bytes, concurrent; the heap right after a collection the agent requested, left out
     * when that collection was a concurrent cycle (it leaves garbage for later ones, so the figure
     * is not a live set).
     */
    static void liveSet(RecordValues v, ColumnBlock out) {
        if (!v.textIs(1, TRUE)) {
            setIfPresent(out, Column.LIVE_SET, v.number(0));
        }
    }

    private static void setIfPresent(ColumnBlock out, Column column, long value) {
        if (value != RunColumns.ABSENT) {
            out.set(column, value);
        }
    }

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
