package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;

/**
 * How much the heap's own pages could have added to anonymous RSS over a window beyond what the
 * anonymous-RSS basis ({@link UntrackedNative#anonBeyondJvm}) followed. That basis takes the heap's
 * resident part as its usage high-water mark, at most committed, and trails the truth two ways:
 * <ul>
 * <li>collections put objects in regions never touched, so residency can rise to the committed size
 * with no rise in the high-water mark;
 * <li>a heap that shrinks gives pages back: the high-water mark from before then says nothing of what
 * is resident, and the estimate, pinned at the smaller committed size, stays put while the regions left
 * are touched again. (G1 after a requested full collection on JDK 17 and 25: committed 64 → 20 MB,
 * anonymous RSS fell 30 MB, then rose 8–13 MB over the next seconds with the estimate flat at 20 MB.)
 * </ul>
 * The bound: resident at the end is at most the committed size then; resident at the window's start is
 * at least the highest usage since the heap last shrank (pages touched since are still resident); less
 * what the estimate itself rose by. Without collections in the window the heap touches new pages only
 * as its usage rises, which bounds it further.
 */
final class HeapResidency {
    private HeapResidency() {
    }

    /**
     * The bound, in bytes, for the window from {@code fromMillis} to the run's end; {@code collections}
     * is the number of collections in it, negative when the run has no counts (then they may have run).
     */
    static double couldAdd(RunView run, long fromMillis, int collections) {
        long highWater = 0;
        long sinceShrink = 0;
        long lastCommitted = ABSENT;
        boolean seen = false;
        double estimateAtFrom = 0;
        long residentAtFrom = 0;
        long usageAtFrom = ABSENT;
        long usageMaxAfter = 0;
        double estimateAtEnd = 0;
        long committedAtEnd = ABSENT;
        for (int i = 0; i < run.size(); i++) {
            long used = run.value(Column.HEAP_USED, i);
            long committed = run.value(Column.HEAP_COMMITTED, i);
            if (used == ABSENT) {
                continue;
            }
            if (committed != ABSENT && lastCommitted != ABSENT && committed < lastCommitted) {
                sinceShrink = 0; // pages given back: what was touched before no longer tells
            }
            if (committed != ABSENT) {
                lastCommitted = committed;
            }
            highWater = Math.max(highWater, used);
            sinceShrink = Math.max(sinceShrink, used);
            double estimate = committed == ABSENT ? highWater : Math.min(committed, highWater);
            if (run.columns.timeMillis(i) <= fromMillis || !seen) {
                seen = true;
                estimateAtFrom = estimate;
                residentAtFrom = sinceShrink;
                usageAtFrom = used;
            } else {
                usageMaxAfter = Math.max(usageMaxAfter, used);
            }
            estimateAtEnd = estimate;
            committedAtEnd = committed == ABSENT ? committedAtEnd : committed;
        }
        if (committedAtEnd == ABSENT || !seen) {
            return 0;
        }
        double touchable = committedAtEnd - residentAtFrom;
        if (collections == 0) {
            touchable = Math.min(touchable, Math.max(0, usageMaxAfter - usageAtFrom));
        }
        return Math.max(0, touchable - (estimateAtEnd - estimateAtFrom));
    }
}
