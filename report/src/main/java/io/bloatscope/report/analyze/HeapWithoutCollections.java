package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * The heap when too few collections ran after warm-up to follow its live set (a large heap, or
 * garbage the JIT removed by escape analysis, can go a whole run without one). Three outcomes:
 * <ul>
 * <li>a live set the agent measured by a requested collection ({@code liveSet}) pins the end of the
 * run: heap usage after warm-up is an upper bound on the live set then, so the live set grew by at
 * least {@code liveSet − usage at warm-up end}, a lower bound (start-up garbage collected only then
 * lowers it); that amount, with the shape of usage's rise, is judged by the leak rule;
 * <li>heap usage itself does not grow (nor do the few after-GC points): nothing was kept that could
 * leak, so the heap is judged flat;
 * <li>heap usage rises with nothing to tell live objects from garbage: the heap is <em>not judged</em>,
 * a suspicion whose strength is the rise's, and the step that settles it.
 * </ul>
 */
final class HeapWithoutCollections {
    /** Heap usage's own trend below this leak-rule confidence counts as "does not grow". */
    static final double FLAT_USAGE = 0.3;

    private HeapWithoutCollections() {
    }

    static Verdict judge(RunView run, Assessment assessment, int collectionsInWindow) {
        Points used = run.points(Column.HEAP_USED);
        if (used.size < 2) {
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, "no heap usage in the run", "-", 0, null,
                    false, new Evidence().map, List.of()));
            return null;
        }
        Growth usage = Growth.judge(used, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(usage, LeakRule.MIN_POINTS)) {
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, usage.window.size + " snapshots over "
                    + Math.round(usage.windowMillis / 100.0) / 10.0 + " s after warm-up: too few to follow the heap",
                    "run longer", 0, null, false, new Evidence().map, List.of()));
            return null;
        }
        int liveRow = run.latestRowWith(Column.LIVE_SET);
        if (liveRow >= 0 && run.columns.timeMillis(liveRow) > usage.warmUpEndMillis) {
            return fromRequestedCollection(run, assessment, usage, liveRow);
        }
        double usageConfidence = LeakRule.confidence(usage, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        Points afterGc = HeapLeakDetector.afterCollections(run).from(usage.warmUpEndMillis);
        double afterGcRise = afterGc.size >= 2 ? afterGc.last() - afterGc.first() : 0;
        if (run.points(Column.GC_COUNT).isEmpty()) {
            // Without collection counts a sawtooth cannot be told from a flat heap: nothing to judge with.
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, "the run has no collection counts (gc section),"
                    + " so the live set cannot be followed", "a newer agent, or a run where the gc sampler works", 0, null,
                    usageConfidence >= 0.5, new Evidence().map, List.of()));
            return null;
        }
        if (usageConfidence < FLAT_USAGE && afterGcRise < LeakRule.MIN_GROWTH_BYTES && peaksFlat(usage.window)) {
            assessment.judged(LedgerPart.JAVA_HEAP, "heap usage does not grow after warm-up ("
                    + collectionsInWindow + " collections), so its live set cannot");
            return null;
        }
        long quietMillis = collectionFreeMillis(run);
        String reason = collectionsInWindow == 0
                ? "no collection in the last " + Math.round(quietMillis / 1000.0) + " s of the run, while heap usage"
                        + " rose by " + Sizes.of(Math.max(0, usage.window.last() - usage.window.first()))
                        + ": live objects or garbage, unknown until a collection"
                : "only " + collectionsInWindow + " collections after warm-up (at least " + LeakRule.MIN_GC_POINTS
                        + " are needed to follow the live set), while heap usage rose by "
                        + Sizes.of(Math.max(0, usage.window.last() - usage.window.first()));
        List<Site> suspects = run.sites.sitesFor(VerdictKind.HEAP_LEAK, null);
        Evidence e = new Evidence().bytes("heapUsedGrowthBytes", usage.growth())
                .bytes("heapUsedGrowthBytesPerMinute", usage.trend.perMinute())
                .count("collectionsAfterWarmUp", collectionsInWindow)
                .number("collectionFreeSeconds", quietMillis / 1000.0)
                .text("basis", "heap usage, not the live set: an upper bound");
        // Usage rising is what a leak looks like, and also what garbage looks like before its
        // collection: the suspicion is the rise's own leak-rule confidence, discounted for that.
        double suspicion = Stats.clamp01(usageConfidence * (0.6 + 0.2 * SurvivorShare.of(suspects)));
        assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, reason,
                "for tests and CI, run the agent with liveSet=exit (a requested collection before the exit snapshot"
                        + " measures the live set); in production, run until the heap has been collected a few times;"
                        + " heapSites=on names the sites whose objects stay",
                suspicion, "a heap leak (heap usage rose by " + Sizes.of(usage.trend.perMinute())
                        + "/min with no collection to tell live objects from garbage)",
                usageConfidence >= 0.5 || afterGcRise >= LeakRule.MIN_GROWTH_BYTES, e.map, suspects));
        return null;
    }

    private static Verdict fromRequestedCollection(RunView run, Assessment assessment, Growth usage, int liveRow) {
        long liveSet = run.value(Column.LIVE_SET, liveRow);
        long liveAtMillis = run.columns.timeMillis(liveRow);
        double usedAtStart = usage.window.first();
        Points rise = usage.window.before(liveAtMillis);
        double usageRise = rise.size >= 1 ? rise.max() - usedAtStart : 0;
        double liveGrowthAtLeast = liveSet - usedAtStart;
        // With no collection in between, garbage at warm-up end is still garbage at the request, so
        // the live set grew by at most usage's rise; by at least the live set less usage then.
        double liveGrowthAtMost = usageRise;
        if (liveGrowthAtLeast < LeakRule.MIN_GROWTH_BYTES) {
            if (liveGrowthAtMost < LeakRule.MIN_GROWTH_BYTES || collections(run, usage.warmUpEndMillis, liveAtMillis) > 0) {
                assessment.judged(LedgerPart.JAVA_HEAP, "a requested collection (liveSet) found " + Sizes.of(liveSet)
                        + " live, not above heap usage at warm-up end (" + Sizes.of(usedAtStart) + ")");
                return null;
            }
            double usageConfidence = LeakRule.confidence(usage, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, "a requested collection found " + Sizes.of(liveSet)
                    + " live: the live set grew by between " + Sizes.of(Math.max(0, liveGrowthAtLeast)) + " and "
                    + Sizes.of(liveGrowthAtMost) + " after warm-up (what was garbage at warm-up end is not known)",
                    "run longer (the start-up's garbage then weighs less), or liveSet=<interval> for a series of live sets",
                    usageConfidence * 0.6, "a heap leak of up to " + Sizes.of(liveGrowthAtMost), true,
                    new Evidence().bytes("liveSetBytes", liveSet).bytes("liveSetGrowthAtLeastBytes", liveGrowthAtLeast)
                            .bytes("liveSetGrowthAtMostBytes", liveGrowthAtMost).map,
                    run.sites.sitesFor(VerdictKind.HEAP_LEAK, null)));
            return null;
        }
        double retained = usageRise <= 0 ? 1 : Stats.clamp01(liveGrowthAtLeast / usageRise);
        // The amount is the proven lower bound; usage's rise gives the shape (steady, lasting). Garbage
        // left from start-up, collected only now, lowers the bound, never raises it. When little of the
        // rise was kept, the rise was mostly garbage and its shape says little about the live set's (a
        // cache that filled once looks the same): one measurement cannot tell, so confidence falls.
        Growth shape = Growth.judge(rise.size >= LeakRule.MIN_POINTS ? rise : usage.window, run.startMillis, liveAtMillis);
        double confidence = LeakRule.confidence(shape.trend.slopePerMillis > 0 ? shape : usage, liveGrowthAtLeast,
                LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS) * Stats.ramp(retained, 0.1, 0.4);
        assessment.judged(LedgerPart.JAVA_HEAP, "a requested collection (liveSet) measured the live set");
        if (confidence == 0) {
            return null;
        }
        Evidence e = new Evidence().trend(shape).bytes("liveSetBytes", liveSet)
                .bytes("heapUsedAtWarmUpEndBytes", usedAtStart).bytes("liveSetGrowthAtLeastBytes", liveGrowthAtLeast)
                .number("retainedShareOfUsageRise", retained)
                .text("basis", "heap usage after warm-up, pinned by a collection the agent requested (liveSet)");
        long max = run.latest(Column.HEAP_MAX);
        if (max != ABSENT && max > 0) {
            e.bytes("heapMaxBytes", max);
        }
        String summary = "The heap's live set grew by at least " + Sizes.of(liveGrowthAtLeast) + " after warm-up (a"
                + " requested collection found " + Sizes.of(liveSet) + " live, " + Math.round(retained * 100)
                + "% of what heap usage rose by): objects are kept, not collected.";
        return new Verdict(VerdictKind.HEAP_LEAK, confidence, summary, e.map, List.of(), Remedies.heapLeak(run.facts),
                List.of(DiagnosisSeries.HEAP_USED, DiagnosisSeries.HEAP_AFTER_GC), List.of(LedgerPart.JAVA_HEAP.name()),
                List.of());
    }

    /**
     * Usage's peaks over the later half of the window no higher than over the earlier half (plus the
     * leak rule's minimum): with a collection or two in the window usage falls and rises again, and
     * its trend line says little, but a live set that grew would lift the peaks.
     */
    private static boolean peaksFlat(Points window) {
        long middle = window.timesMillis[0] + window.durationMillis() / 2;
        Points early = window.before(middle);
        Points late = window.from(middle);
        return early.isEmpty() || late.isEmpty() || late.max() <= early.max() + LeakRule.MIN_GROWTH_BYTES;
    }

    /** Collections counted between two times (the requested one, counted at its own snapshot, excluded). */
    private static long collections(RunView run, long fromMillis, long beforeMillis) {
        long first = ABSENT;
        long last = ABSENT;
        for (int i = 0; i < run.size() && run.columns.timeMillis(i) < beforeMillis; i++) {
            long count = run.value(Column.GC_COUNT, i);
            if (count == ABSENT || run.columns.timeMillis(i) < fromMillis) {
                continue;
            }
            first = first == ABSENT ? count : first;
            last = count;
        }
        return first == ABSENT ? 0 : last - first;
    }

    /** Time from the last change of the collection count (or the run's start) to the run's end. */
    static long collectionFreeMillis(RunView run) {
        long lastCount = ABSENT;
        long since = run.startMillis;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.GC_COUNT, i);
            if (count == ABSENT) {
                continue;
            }
            if (lastCount != ABSENT && count != lastCount) {
                since = run.columns.timeMillis(i);
            }
            lastCount = count;
        }
        return run.endMillis - since;
    }
}
