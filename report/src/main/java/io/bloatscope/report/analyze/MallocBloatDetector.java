package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * MALLOC_BLOAT: glibc holds freed memory resident while live native memory is flat or falling.
 *
 * <p>Retained bytes, best source first: malloc_info's free bytes (JDK 18+), whose free-chunk
 * histogram also tells how much lies in whole pages (what {@code malloc_trim} gives back, see
 * FreeChunkPages) from small holes between live blocks (fragmentation: a trim gives little back);
 * else, on JDK 17, the smaps arenas' RSS beyond NMT's malloc total, an <em>upper bound</em> (it also
 * holds malloc in use by code NMT does not see) with no split into trimmable and fragmented. A trim
 * probe in the run, when there is one, states what a trim actually gave back.
 *
 * <p>Minimum: retained ≥ {@link #MIN_RETAINED_BYTES} and ≥ {@link #MIN_RETAINED_FRACTION} of RSS
 * over the last quarter of the run (held, not a passing peak). Confidence rises with the retained
 * share of RSS; it is lowered when live native memory is still growing (that is a leak's signature)
 * and when only the upper bound is known.
 */
final class MallocBloatDetector implements Detector {
    static final long MIN_RETAINED_BYTES = 32L << 20;
    static final double MIN_RETAINED_FRACTION = 0.1;

    /**
     * The retained bytes the ledger finds room for in RSS: free bytes a trim already released stay
     * "free" in malloc_info but are no longer resident, and only resident memory is bloat.
     */
    private static Points residentOnly(RunView run, Points retained) {
        Ledger ledger = new Ledger(run.columns);
        long[] parts = new long[LedgerPart.values().length];
        Set<LedgerPart> unmeasured = EnumSet.noneOf(LedgerPart.class);
        Points.Builder out = new Points.Builder();
        int row = 0;
        for (int i = 0; i < retained.size; i++) {
            while (run.columns.timeMillis(row) != retained.timesMillis[i]) {
                row++;
            }
            if (!run.columns.has(Column.RSS, row)) {
                continue;
            }
            unmeasured.clear();
            ledger.split(row, parts, unmeasured);
            out.add(retained.timesMillis[i], Math.min(retained.values[i], parts[LedgerPart.MALLOC_RETAINED.ordinal()]));
        }
        return out.build();
    }

    @Override
    public Verdict detect(RunView run, List<String> notes) {
        boolean nmt = run.points(Column.NMT_MALLOC).size > 0;
        Points retained;
        boolean upperBound;
        String basis;
        if (run.points(Column.MALLOC_FREE).size > 0) {
            retained = run.points(Column.MALLOC_FREE);
            upperBound = false;
            basis = "malloc_info free bytes";
        } else if (run.points(Column.SMAPS_MAIN_ARENA).size > 0 && nmt) {
            retained = NativeLeakDetector.arenasBeyondNmt(run, true);
            upperBound = true;
            basis = "smaps arena RSS − NMT malloc (upper bound: no malloc_info on this JDK, so malloc in use by"
                    + " code NMT does not track is included)";
        } else {
            notes.add("malloc bloat not judged: the run has neither malloc_info (JDK 18+) nor smaps arena samples"
                    + (nmt ? "" : " with NMT") + ".");
            return null;
        }
        if (retained.isEmpty()) {
            return null;
        }
        retained = residentOnly(run, retained);
        Points held = retained.from(run.endMillis - run.durationMillis() / 4);
        if (held.isEmpty()) {
            held = retained.from(retained.timesMillis[retained.size - 1]);
        }
        double heldMin = Double.MAX_VALUE;
        for (int i = 0; i < held.size; i++) {
            heldMin = Math.min(heldMin, held.values[i]);
        }
        int row = run.latestRowWith(upperBound ? Column.SMAPS_MAIN_ARENA : Column.MALLOC_FREE);
        long rss = run.value(Column.RSS, row);
        double latestRetained = retained.last();
        if (rss == ABSENT || heldMin < MIN_RETAINED_BYTES || heldMin < MIN_RETAINED_FRACTION * rss) {
            return null;
        }
        double share = latestRetained / rss;
        double confidence = 0.6 + 0.35 * Stats.ramp(share, MIN_RETAINED_FRACTION, 0.4);
        // live native memory still growing fast is a leak's signature, not bloat's
        Points live = run.points(Column.MALLOC_IN_USE).size > 0 ? NativeLeakDetector.untrackedMalloc(run, nmt) : null;
        if (live != null && live.size >= LeakRule.MIN_POINTS) {
            Growth growth = Growth.judge(live, run.startMillis, run.endMillis);
            if (LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS) >= 0.5) {
                confidence *= 0.6;
            }
        }
        if (upperBound) {
            confidence *= 0.9;
        }
        Evidence e = new Evidence().bytes("retainedBytes", latestRetained).bytes("rssBytes", rss)
                .number("retainedShareOfRss", share);
        long arenas = run.value(upperBound ? Column.SMAPS_ARENA_HEAPS : Column.MALLOC_ARENAS, row);
        if (arenas != ABSENT) {
            e.count("arenaCount", upperBound ? arenas + 1 : arenas); // smaps counts heaps of non-main arenas
        }
        String trimSentence;
        long released = run.latest(Column.TRIM_RELEASED);
        long wholePages = upperBound ? ABSENT : run.value(Column.MALLOC_FREE_WHOLE_PAGES, row);
        if (wholePages != ABSENT) {
            double fragmented = Math.max(0, latestRetained - wholePages);
            e.bytes("trimReleasableBytes", wholePages).bytes("fragmentedBytes", fragmented);
            e.text("trimEstimate", "whole free pages in malloc_info's free-chunk histogram");
            trimSentence = wholePages >= 0.5 * latestRetained
                    ? "; a trim would give back about " + Sizes.of(wholePages) + " (retained, not fragmented)"
                    : "; most of it is fragmented (small holes between live blocks): a trim would give back only about "
                            + Sizes.of(wholePages);
        } else if (upperBound) {
            e.bytes("retainedUpperBoundBytes", latestRetained);
            trimSentence = "; up to that much could come back with a trim (an upper bound: without malloc_info this JDK"
                    + " cannot tell retained from fragmented memory or from malloc in use outside NMT)";
        } else {
            trimSentence = "";
        }
        if (released != ABSENT) {
            e.bytes("trimReleasedBytes", released);
            trimSentence += "; a trim probe in this run gave back " + Sizes.of(released);
        }
        e.text("basis", basis);
        String summary = "glibc malloc keeps " + (upperBound ? "up to " : "") + Sizes.of(latestRetained)
                + " of freed memory resident (" + Math.round(share * 100) + "% of RSS) while live native memory"
                + " does not grow" + trimSentence + ".";
        boolean fragmented = wholePages != ABSENT && wholePages < 0.5 * latestRetained;
        return new Verdict(VerdictKind.MALLOC_BLOAT, Stats.clamp01(confidence), summary, e.map, List.of(),
                Remedies.mallocBloat(run.facts, arenas, fragmented),
                List.of(DiagnosisSeries.MALLOC_RETAINED, DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS));
    }
}
