package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * HEAP_BLOAT: committed heap far above the live set after GC, for a long time, not given back.
 * "Far above": the excess is at least {@link #MIN_EXCESS_BYTES} and the committed heap is more than
 * {@link #MAX_HEALTHY_RATIO} times the live set, which is where the collectors' own default
 * (MaxHeapFreeRatio=70: at most 70% free after a collection) would have shrunk it. "A long time": confidence ramps from 0 at {@link #MIN_HELD_MILLIS} (2 min) of the excess
 * being held to 1 at {@link #CONFIDENT_HELD_MILLIS} (15 min), because every collector keeps
 * committed heap for a while after a peak before it uncommits (if it ever does).
 */
final class HeapBloatDetector implements Detector {
    static final long MIN_EXCESS_BYTES = 64L << 20;
    static final double MAX_HEALTHY_RATIO = 1 / (1 - 0.7);
    static final long MIN_HELD_MILLIS = 2 * 60_000L;
    static final long CONFIDENT_HELD_MILLIS = 15 * 60_000L;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points afterGc = HeapLeakDetector.afterCollections(run);
        if (afterGc.size < 2) {
            return null;
        }
        // the live set upper bound is the highest occupancy after GC over the last quarter
        Points recent = afterGc.from(run.endMillis - run.durationMillis() / 4);
        double live = recent.isEmpty() ? afterGc.last() : recent.max();
        long committed = run.latest(Column.HEAP_COMMITTED);
        if (committed == ABSENT) {
            return null;
        }
        double excess = committed - live;
        if (excess < MIN_EXCESS_BYTES || committed <= MAX_HEALTHY_RATIO * live) {
            return null;
        }
        // how long the committed heap has stayed at or above today's level
        long heldSince = run.endMillis;
        for (int i = run.size() - 1; i >= 0; i--) {
            long c = run.value(Column.HEAP_COMMITTED, i);
            if (c == ABSENT) {
                continue;
            }
            if (c < committed * 0.9) {
                break;
            }
            heldSince = run.columns.timeMillis(i);
        }
        long heldMillis = run.endMillis - heldSince;
        double confidence = Stats.ramp(heldMillis, MIN_HELD_MILLIS, CONFIDENT_HELD_MILLIS)
                * (0.7 + 0.3 * Stats.ramp(committed / Math.max(1, live), MAX_HEALTHY_RATIO, 2 * MAX_HEALTHY_RATIO));
        Evidence e = new Evidence().bytes("heapCommittedBytes", committed).bytes("liveSetAfterGcBytes", live)
                .bytes("excessBytes", excess).number("heldSeconds", heldMillis / 1000.0);
        if (confidence < Diagnoser.VERDICT_THRESHOLD) {
            tooSoonToTell(committed, live, excess, heldMillis, Math.max(confidence, 0.3), e, assessment);
        }
        if (confidence == 0) {
            return null;
        }
        String summary = "The JVM keeps " + Sizes.of(committed) + " of heap committed for a live set of about "
                + Sizes.of(live) + "; " + Sizes.of(excess) + " has not been given back for "
                + Math.round(heldMillis / 60_000.0) + " min.";
        return new Verdict(VerdictKind.HEAP_BLOAT, confidence, summary, e.map, List.of(),
                Remedies.heapBloat(run.facts, live), List.of(DiagnosisSeries.HEAP_COMMITTED, DiagnosisSeries.HEAP_AFTER_GC),
                List.of(LedgerPart.JAVA_HEAP.name()), List.of());
    }

    /**
     * The heap is far above its live set, but not for long enough to tell bloat from a collector
     * that has not yet given back what a peak made it commit: "no memory is held beyond its use"
     * would be a claim the run cannot back. Nothing grows, so this is a caveat, not an open part.
     */
    private static void tooSoonToTell(long committed, double live, double excess, long heldMillis, double suspicion,
            Evidence e, Assessment assessment) {
        assessment.caveat(new Assessment.Open(LedgerPart.JAVA_HEAP, "the committed heap (" + Sizes.of(committed)
                + ") is " + Math.round(committed / Math.max(1, live) * 10) / 10.0 + "× its live set (at most "
                + Sizes.of(live) + ") but has been held only " + Math.round(heldMillis / 1000.0)
                + " s: collectors give committed heap back only a while after a peak, if ever",
                "judge it on a run that holds the heap " + CONFIDENT_HELD_MILLIS / 60_000 + " min or more; to bound it"
                        + " now, size -Xmx to the live set with headroom (or lower -XX:MaxHeapFreeRatio)",
                suspicion, "heap bloat (" + Sizes.of(excess) + " committed beyond the live set)", false, e.map,
                List.of()));
    }
}
