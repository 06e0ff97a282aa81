package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * HEAP_LEAK: the heap's occupancy after collections keeps growing. Never judged on instantaneous
 * usage (a sawtooth climbs between collections by design): the series is the old generation's
 * usage at the first snapshot after each collection (the whole heap's usage after GC where the
 * collector has no old pool).
 *
 * <p>After a young collection the old generation also holds garbage promoted since the last old
 * collection, so a young-only trend is an upper bound on the live set and may be garbage awaiting
 * marking (a cache whose entries churn looks exactly like a leak for a while). The verdict is
 * therefore capped at {@link #UNCONFIRMED_CAP} until an old collection (G1 concurrent cycle or
 * mixed/full GC) in the judged window lands on the trend; one that lands well below it refutes it.
 * Until then the heap is <em>not judged</em>: the growth is reported as a suspicion (INCONCLUSIVE),
 * never as health. A heap of one generation (ZGC before generations, Shenandoah) has no promoted
 * garbage: each counted cycle marks all of it, so its trend needs no other confirmation. Runs with
 * too few collections to judge at all are {@link HeapWithoutCollections}'.
 */
final class HeapLeakDetector implements Detector {
    static final double UNCONFIRMED_CAP = 0.45;
    /** An old collection's live set at least this fraction of the trend confirms it. */
    static final double CONFIRM_FRACTION = 0.8;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points afterGc = afterCollections(run);
        Points oldCollections = afterOldCollections(run);
        Growth growth = Growth.judge(afterGc, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_GC_POINTS)) {
            return HeapWithoutCollections.judge(run, assessment, growth.window.size);
        }
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_GC_POINTS);
        Points inWindow = oldCollections.from(growth.window.timesMillis[0]);
        // One generation (no old pool) whose cycles are counted: every point of the trend is already
        // a whole-heap measure, so its growth needs no other confirmation; the same points can
        // neither refute it nor, beyond the noise check, show it flat.
        boolean wholeHeapCycles = !hasOldPool(run) && inWindow.size > 0;
        String basis = wholeHeapCycles ? "heap after whole-heap cycles (one generation)"
                : "old generation after young collections";
        long confirmedAt = -1;
        double confirmedLiveSet = -1;
        boolean refuted = false;
        for (int i = 0; i < inWindow.size && !wholeHeapCycles; i++) {
            double predicted = growth.trend.valueAt(inWindow.timesMillis[i]);
            if (inWindow.values[i] >= CONFIRM_FRACTION * predicted) {
                confirmedAt = inWindow.timesMillis[i];
                confirmedLiveSet = inWindow.values[i];
                refuted = false;
            } else {
                refuted = true;
            }
        }
        if (refuted) {
            // The old collection measured what the trend only estimated: the growth was garbage. Kept as
            // a note below the bar, never as a finding that could leave the heap open.
            confidence = Math.min(confidence * 0.3, 0.8 * Diagnoser.LISTED_THRESHOLD);
            basis += ", refuted by an old collection that found far less live";
        } else if (confirmedAt >= 0) {
            basis += ", confirmed by an old collection";
        } else if (confidence > UNCONFIRMED_CAP && !wholeHeapCycles) {
            // Growth seen only after young collections may be promoted garbage: the heap is not
            // judged until an old collection lands on the trend, and the suspicion is said as such.
            Evidence e = new Evidence().trend(growth).bytes("liveSetUpperBoundBytes", afterGc.last());
            List<Site> suspects = run.sites.sitesFor(VerdictKind.HEAP_LEAK, null);
            double suspicion = UNCONFIRMED_CAP + 0.1 * SurvivorShare.of(suspects);
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP,
                    "the old generation grows after young collections (" + Sizes.of(growth.trend.perMinute())
                            + "/min) but no old collection ran in the judged window to tell promoted garbage from"
                            + " live objects",
                    "run longer, until an old collection (G1 concurrent cycle, mixed or full GC) runs; for tests and CI"
                            + " the agent option liveSet=exit measures the live set before the exit snapshot",
                    suspicion, "a heap leak (the heap after young collections grows by " + Sizes.of(growth.trend.perMinute())
                            + "/min, unconfirmed by an old collection)", true, e.map, suspects));
            return null;
        }
        if (confidence < Diagnoser.LISTED_THRESHOLD && confirmedAt < 0 && !refuted
                && growth.hideableGrowth() >= LeakRule.MIN_GROWTH_BYTES) {
            tooNoisyToRuleOut(growth, afterGc, assessment);
            return null;
        }
        assessment.judged(LedgerPart.JAVA_HEAP, basis);
        if (confidence == 0) {
            return null;
        }
        Evidence e = new Evidence().trend(growth);
        e.bytes("liveSetAfterGcBytes", afterGc.last());
        if (confirmedAt >= 0) {
            e.bytes("liveSetAfterOldGcBytes", confirmedLiveSet);
        }
        long max = run.latest(Column.HEAP_MAX);
        if (max != ABSENT && max > 0) {
            e.bytes("heapMaxBytes", max);
            if (growth.trend.slopePerMillis > 0) {
                e.number("secondsToMaxHeap", Math.max(0, (max - afterGc.last()) / growth.trend.slopePerMillis / 1000));
            }
        }
        e.text("basis", basis);
        String summary = "The heap's live set after GC grows by " + Sizes.of(growth.trend.perMinute())
                + "/min (" + Sizes.of(growth.growth()) + " over " + Math.round(growth.window.durationMillis() / 1000.0)
                + " s)" + growth.endClause() + ".";
        return new Verdict(VerdictKind.HEAP_LEAK, confidence, summary, e.map, List.of(),
                Remedies.heapLeak(run.facts), List.of(DiagnosisSeries.HEAP_AFTER_GC, DiagnosisSeries.HEAP_USED),
                List.of(LedgerPart.JAVA_HEAP.name()), List.of());
    }

    /**
     * No growth was seen, but the points after collections are too few or too scattered to rule out
     * a leak of the size the rule looks for (a concurrent collector's "after GC" includes what was
     * allocated during its cycle): the heap is not judged flat on that, and the step is said.
     */
    private static void tooNoisyToRuleOut(Growth growth, Points afterGc, Assessment assessment) {
        Evidence e = new Evidence().trend(growth).bytes("hideableGrowthBytes", growth.hideableGrowth())
                .bytes("liveSetUpperBoundBytes", afterGc.last());
        assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, "no growth seen after " + growth.window.size
                + " collections, but they scatter too much to rule out growth of up to "
                + Sizes.of(growth.hideableGrowth()) + " over the judged " + Math.round(growth.windowMillis / 1000.0) + " s",
                "run longer, so more collections land on the trend; for tests and CI the agent option liveSet=exit"
                        + " measures the live set before the exit snapshot",
                0.2, "a heap leak hidden in the scatter of the heap after collections", true, e.map, List.of()));
    }

    /** Old-generation usage (or heap usage after GC) at the first snapshot after each collection. */
    static Points afterCollections(RunView run) {
        Points.Builder b = new Points.Builder();
        long previousCount = ABSENT;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.GC_COUNT, i);
            if (count == ABSENT) {
                continue;
            }
            if (previousCount != ABSENT && count > previousCount) {
                long value = run.value(Column.OLD_USED, i);
                if (value == ABSENT) {
                    value = run.value(Column.HEAP_USED_AFTER_GC, i);
                }
                if (value != ABSENT) {
                    b.add(run.columns.timeMillis(i), value);
                }
            }
            previousCount = count;
        }
        return b.build();
    }

    /**
     * The live set measured by old collections: the old pool's usage after GC when it changes. A
     * heap of one generation (ZGC before generations, Shenandoah: no old pool at all) marks all of it
     * in every cycle its old-collector bean counts, so there the heap's usage after each new cycle is
     * the measure; it also holds what was allocated during the concurrent cycle, which is why it
     * serves to confirm a trend drawn from the same points rather than to refute one.
     */
    static Points afterOldCollections(RunView run) {
        if (!hasOldPool(run)) {
            return afterWholeHeapCycles(run);
        }
        Points.Builder b = new Points.Builder();
        long previous = ABSENT;
        long previousOldCount = ABSENT;
        for (int i = 0; i < run.size(); i++) {
            long afterGc = run.value(Column.OLD_USED_AFTER_GC, i);
            long oldCount = run.value(Column.OLD_GC_COUNT, i);
            boolean newOld = oldCount != ABSENT && previousOldCount != ABSENT && oldCount > previousOldCount;
            if (afterGc != ABSENT && afterGc > 0 && (afterGc != previous || newOld)) {
                b.add(run.columns.timeMillis(i), afterGc);
            }
            if (afterGc != ABSENT) {
                previous = afterGc;
            }
            if (oldCount != ABSENT) {
                previousOldCount = oldCount;
            }
        }
        return b.build();
    }

    private static boolean hasOldPool(RunView run) {
        for (int i = 0; i < run.size(); i++) {
            if (run.value(Column.OLD_USED, i) != ABSENT || run.value(Column.OLD_USED_AFTER_GC, i) != ABSENT) {
                return true;
            }
        }
        return false;
    }

    private static Points afterWholeHeapCycles(RunView run) {
        Points.Builder b = new Points.Builder();
        long previousOldCount = ABSENT;
        for (int i = 0; i < run.size(); i++) {
            long oldCount = run.value(Column.OLD_GC_COUNT, i);
            long afterGc = run.value(Column.HEAP_USED_AFTER_GC, i);
            if (oldCount != ABSENT && previousOldCount != ABSENT && oldCount > previousOldCount
                    && afterGc != ABSENT && afterGc > 0) {
                b.add(run.columns.timeMillis(i), afterGc);
            }
            if (oldCount != ABSENT) {
                previousOldCount = oldCount;
            }
        }
        return b.build();
    }
}
