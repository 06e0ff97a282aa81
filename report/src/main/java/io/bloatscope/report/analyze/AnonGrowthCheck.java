package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;
import java.util.Locale;

/**
 * Whether growth of anonymous memory beyond the JVM's (the {@link UntrackedNative} RSS basis) is
 * native memory, or what the basis subtracts moving: the heap's pages touched for the first time or
 * again after it shrank ({@link HeapResidency}), the heap's side tables as usage rises, the JVM's own
 * malloc served from fresh pages and given back. In order:
 * <ol>
 * <li>native memory that grows is resident: anonymous RSS must rise in intervals where the JVM's own
 * memory did not move with it ({@link UntrackedNative#anonGrowthBeyondJvmMoves});
 * <li>smaps reads in the window (the agent reads every 10 s while this grows) measure glibc's arenas:
 * growing with it, they corroborate native memory; flat, they point at the heap when it could hold it;
 * <li>with fewer than two reads there, reads bracketing the window ({@link SmapsBracket}) can refute
 * malloc growth, never confirm it;
 * <li>without them, growth the heap's pages or side tables could hold is left open, with a smaps step
 * sized to the run that would tell; growth they cannot hold is native.
 * </ol>
 */
final class AnonGrowthCheck {
    final double factor;
    /** Why the growth could not be placed, or null when it was. */
    final String openReason;
    final String evidence;

    private AnonGrowthCheck(double factor, String openReason, String evidence) {
        this.factor = factor;
        this.openReason = openReason;
        this.evidence = evidence;
    }

    static AnonGrowthCheck of(RunView run, Growth growth, boolean nmt) {
        long from = growth.window.timesMillis[0];
        double shown = UntrackedNative.anonGrowthBeyondJvmMoves(run, nmt, from);
        // Native memory that grows is resident: anonymous RSS rises where the JVM's own memory does not.
        // Growth of the series beyond that is what it subtracts moving (the JVM's malloc served from
        // fresh pages and given back, which the model of what glibc keeps reads as a step that never
        // comes down), not native memory appearing. Checked before the smaps reads: the arenas less the
        // JVM's malloc carry the same model, and confirmed two C2 bursts served from fresh pages as native
        // growth (WebLikeSteady on JDK 17 at smaps=2s on one CPU: NATIVE_LEAK 0.66).
        String notShown = "anonymous memory beyond the JVM's grew by " + Sizes.of(growth.growth())
                + ", but anonymous RSS rose only by " + Sizes.of(shown) + " where the JVM's own memory did not move"
                + " with it";
        if (shown < LeakRule.MIN_GROWTH_BYTES) {
            // Less than any leak finding needs: judged, weighed by the share anonymous RSS does show.
            return new AnonGrowthCheck(Math.max(0, Math.min(1, shown / growth.growth())), null, notShown
                    + ", less than the " + Sizes.of(LeakRule.MIN_GROWTH_BYTES) + " a leak needs: the rest is the JVM's"
                    + " own memory moving in and out of what is subtracted");
        }
        if (shown < 0.5 * growth.growth()) {
            return new AnonGrowthCheck(0.5, notShown + ": the rest is the JVM's own memory moving in and out of what"
                    + " is subtracted, and what anonymous RSS shows alone is not enough to tell", null);
        }
        Points arenas = UntrackedNative.arenasBeyondJvmMalloc(run, nmt).from(from);
        if (arenas.size >= 2 && arenas.durationMillis() >= LeakRule.MIN_DURATION_MILLIS) {
            double anonGrowth = growth.trend.slopePerMillis * arenas.durationMillis();
            double arenaGrowth = arenas.last() - arenas.first();
            double ratio = anonGrowth <= 0 ? 0 : arenaGrowth / anonGrowth;
            String text = String.format(Locale.ROOT, "smaps: glibc's arenas beyond the JVM's malloc grew by %s over the"
                    + " same %d s (%.0f%% of it)", Sizes.of(arenaGrowth), arenas.durationMillis() / 1000, ratio * 100);
            if (ratio >= 0.5) {
                return new AnonGrowthCheck(1, null, text);
            }
            double gap = HeapResidency.couldAdd(run, from, collections(run, from));
            if (gap >= 0.5 * anonGrowth) {
                return new AnonGrowthCheck(0.2 + 1.6 * Math.max(0, ratio), null, text + "; the heap's own pages the"
                        + " estimate did not follow (" + Sizes.of(gap) + ") could hold the rest");
            }
            return new AnonGrowthCheck(1, null, text + "; the rest is not malloc: memory mapped by native code");
        }
        int collections = collections(run, from);
        double gap = HeapResidency.couldAdd(run, from, collections);
        double anonGrowth = growth.growth();
        double heapRise = usageHighWaterRise(run, from);
        boolean heapCouldHoldIt = gap >= 0.5 * anonGrowth
                || (heapRise > 0 && anonGrowth - HEAP_OVERHEAD * heapRise < LeakRule.MIN_GROWTH_BYTES);
        SmapsBracket bracket = SmapsBracket.around(run, UntrackedNative.anonBeyondJvm(run, nmt), from, nmt);
        if (bracket != null && bracket.refutes(anonGrowth) && heapCouldHoldIt) {
            // Malloc did not grow, and the heap's pages or side tables could hold what did: judged, no leak.
            // Growth the heap could not hold is left to the tests below (memory native code maps itself).
            double ratio = anonGrowth <= 0 ? 0 : Math.max(0, bracket.arenaGrowthBytes) / anonGrowth;
            return new AnonGrowthCheck(0.2 + 1.6 * ratio, null, bracket.describe() + "; the heap's own pages or side"
                    + " tables could hold the rest (" + Sizes.of(gap) + " of pages its estimate did not follow, heap"
                    + " usage rose by " + Sizes.of(heapRise) + ")");
        }
        if (anonGrowth - HEAP_OVERHEAD * heapRise < LeakRule.MIN_GROWTH_BYTES && heapRise > 0) {
            // The heap's own side tables (mark bitmaps, card and offset tables, remembered sets) and
            // allocation slack are touched as the heap fills: a few percent of what usage grew by.
            return new AnonGrowthCheck(0.3, "anonymous memory beyond the JVM's grew by " + Sizes.of(anonGrowth)
                    + " while heap usage rose by " + Sizes.of(heapRise) + ": the heap's own side tables and slack"
                    + " could account for it, and no smaps reads tell", null);
        }
        if (gap < 0.5 * anonGrowth) {
            return new AnonGrowthCheck(1, null, collections == 0 ? "no collection after warm-up: the heap's resident part"
                    + " grows only with its usage (" + Sizes.of(gap) + " it did not follow)" : "the heap's own pages the"
                    + " estimate did not follow (" + Sizes.of(gap) + ", untouched committed pages or pages given back"
                    + " when it shrank) are too few to hold it");
        }
        if (collections < 0) {
            // Without the GC's counts "no collection" is not known, and collections are what let
            // the heap's untouched committed pages fill with no rise in its usage high-water.
            return new AnonGrowthCheck(0.5, "anonymous memory beyond the JVM's grew by " + Sizes.of(anonGrowth)
                    + ", the run has no collection counts to tell whether the heap's untouched committed pages ("
                    + Sizes.of(gap) + ") took it, and no smaps reads tell", null);
        }
        return new AnonGrowthCheck(0.5, "anonymous memory beyond the JVM's grew by " + Sizes.of(anonGrowth) + ", but with "
                + collections + " collections in the window the heap's pages its estimate did not follow ("
                + Sizes.of(gap) + ": untouched committed pages, or pages given back when it shrank and touched again)"
                + " could hold it, and no smaps reads tell", null);
    }

    /**
     * The smaps cadence that settles it on a rerun as long as this one: four reads or more inside the
     * judged window (the cross-check needs two, 4 s apart), at most every 10 s (a read walks every
     * page table) and at least every second. The fixed 10 s once named could not put two reads in a
     * 10 s run's 8 s window.
     */
    static String smapsStep(long windowMillis) {
        long seconds = Math.max(1, Math.min(10, windowMillis / 4000));
        return "smaps=" + seconds + "s";
    }

    /** Of heap usage's growth, what the heap's own structures and slack may add to anonymous RSS. */
    static final double HEAP_OVERHEAD = 0.15;

    /** How much heap usage's high-water mark rose after {@code from}. */
    private static double usageHighWaterRise(RunView run, long from) {
        long before = 0;
        long after = 0;
        for (int i = 0; i < run.size(); i++) {
            long used = run.value(Column.HEAP_USED, i);
            if (used == ABSENT) {
                continue;
            }
            if (run.columns.timeMillis(i) <= from) {
                before = Math.max(before, used);
            }
            after = Math.max(after, used);
        }
        return Math.max(0, after - before);
    }

    /** Collections after {@code from}, or -1 when the run has no collection counts there. */
    private static int collections(RunView run, long from) {
        long first = ABSENT;
        long last = ABSENT;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.GC_COUNT, i);
            if (count == ABSENT || run.columns.timeMillis(i) < from) {
                continue;
            }
            if (first == ABSENT) {
                first = count;
            }
            last = count;
        }
        return first == ABSENT ? -1 : (int) (last - first);
    }
}
