package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.ArrayList;
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
 * <p>What it says of live native memory follows the {@link Assessment}: "does not grow" only when
 * that was judged; on JDK 17's upper bound, a growing untracked series means much of the bound is
 * the leak, not free memory. With an allocator other than glibc nothing here applies: the malloc
 * parts are not judged, unless the run has jemalloc's own statistics (agent {@code allocatorStats},
 * JDK 22+), which then stand in for glibc's (see {@link JemallocStats}). When native sites show objects collected instead of released, the summary
 * names them as the cause of the freed memory.
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

    /**
     * smaps measured glibc's arenas but nothing says how much of them is in use: the JVM's own malloc
     * (NMT) or glibc's own count (malloc_info). Their size is said, so a reader sees what is at stake.
     */
    private static void arenasWithoutNmt(RunView run, Assessment assessment) {
        int row = run.latestRowWith(Column.SMAPS_MAIN_ARENA);
        double arenas = run.orZero(Column.SMAPS_MAIN_ARENA, row) + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, row);
        long rss = run.orZero(Column.RSS, row);
        Evidence e = new Evidence().bytes("arenaRssBytes", arenas);
        String share = rss > 0 ? ", " + Math.round(100 * arenas / rss) + "% of RSS" : "";
        assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_RETAINED, "glibc's arenas held " + Sizes.of(arenas)
                + " resident at the last smaps read" + share + ", but with neither NMT nor malloc_info (JDK 18+) what"
                + " is free there cannot be told from what the JVM and native code use",
                "start the JVM with -XX:NativeMemoryTracking=summary (or use JDK 18+ for malloc_info); trim=on measures"
                        + " what a trim gives back", 0, null, false, e.map, List.of()));
    }

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        if (!run.facts.allocator.isGlibc()) {
            if (JemallocStats.present(run)) {
                return jemallocKeeps(run, assessment);
            }
            notGlibc(run, assessment);
            return null;
        }
        boolean nmt = run.points(Column.NMT_MALLOC).size > 0;
        Points retained;
        boolean upperBound;
        String basis;
        if (run.points(Column.MALLOC_FREE).size > 0) {
            retained = run.points(Column.MALLOC_FREE);
            upperBound = false;
            basis = "malloc_info free bytes";
        } else if (run.points(Column.SMAPS_MAIN_ARENA).size > 0 && nmt) {
            retained = UntrackedNative.arenasBeyondNmt(run, true);
            upperBound = true;
            basis = "smaps arena RSS − NMT malloc (upper bound: no malloc_info on this JDK, so malloc in use by"
                    + " code NMT does not track is included)";
        } else if (run.points(Column.SMAPS_MAIN_ARENA).size > 0) {
            arenasWithoutNmt(run, assessment);
            return null;
        } else {
            assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_RETAINED, "neither malloc_info (JDK 18+) nor smaps"
                    + " arena samples" + (nmt ? "" : " with NMT") + " in the run",
                    "smaps=10s (or JDK 18+ for malloc_info); trim=on measures what a trim gives back", 0, null, false,
                    new Evidence().map, List.of()));
            return null;
        }
        if (retained.isEmpty()) {
            return null;
        }
        String stale = staleness(run, retained);
        if (stale != null) {
            assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_RETAINED, stale,
                    "smaps=10s (or JDK 18+ for malloc_info), so a reading falls in the run's last quarter", 0, null,
                    false, new Evidence().map, List.of()));
            return null;
        }
        assessment.judged(LedgerPart.MALLOC_RETAINED, basis);
        retained = residentOnly(run, retained);
        Held held = Held.of(run, retained, upperBound ? Column.SMAPS_MAIN_ARENA : Column.MALLOC_FREE);
        if (held == null) {
            return null;
        }
        int row = held.row;
        long rss = held.rss;
        double latestRetained = held.latest;
        double share = held.share;
        double liveGrowth = assessment.untrackedGrowth;
        long released = run.latest(Column.TRIM_RELEASED);
        List<NotJudged> notJudged = new ArrayList<>();
        double confidence = held.confidence * liveFactor(liveGrowth, upperBound);
        String live = liveClause(liveGrowth, upperBound, assessment, notJudged, "smaps=10s");
        double knownFreed = upperBound ? UntrackedNative.keptShare(run, run.endMillis - run.durationMillis() / 4) : -1;
        if (upperBound) {
            // Of the upper bound, what the JVM itself freed (NMT saw it go) is known to be free; the
            // rest may be native code's memory in use. The less is known free, the less this is bloat.
            confidence *= 0.9 * (knownFreed < 0 ? 0.7 : 0.4 + 0.6 * knownFreed);
            if (released == ABSENT) {
                notJudged.add(new NotJudged(LedgerPart.MALLOC_RETAINED, "only an upper bound: with no malloc_info on this"
                        + " JDK, the arenas' memory beyond NMT's malloc is free or in use by native code, and nothing here"
                        + " tells how much is which",
                        "trim=on (a trim probe measures what is free), or nativeSites=on to name native objects left to"
                                + " the GC; JDK 18+ has malloc_info"));
            }
        }
        Evidence e = new Evidence().bytes("retainedBytes", latestRetained).bytes("rssBytes", rss)
                .number("retainedShareOfRss", share);
        long arenas = run.value(upperBound ? Column.SMAPS_ARENA_HEAPS : Column.MALLOC_ARENAS, row);
        if (arenas != ABSENT) {
            e.count("arenaCount", upperBound ? arenas + 1 : arenas); // smaps counts heaps of non-main arenas
        }
        String trimSentence;
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
        String cause = "";
        if (assessment.churnCause != null) {
            e.text("cause", assessment.churnCause);
            cause = "; the freed memory comes from " + assessment.churnCause;
        } else if (assessment.compilerPeakCause != null) {
            e.text("cause", assessment.compilerPeakCause);
            cause = "; the freed memory comes from " + assessment.compilerPeakCause;
        }
        if (knownFreed >= 0) {
            e.number("knownFreedShare", knownFreed);
        }
        e.text("basis", basis);
        String summary = "glibc malloc keeps " + (upperBound ? "up to " : "") + Sizes.of(latestRetained)
                + " of freed memory resident (" + Math.round(share * 100) + "% of RSS)" + live + trimSentence + cause + ".";
        boolean fragmented = wholePages != ABSENT && wholePages < 0.5 * latestRetained;
        List<String> judged = new ArrayList<>();
        if (notJudged.stream().noneMatch(n -> n.part.equals(LedgerPart.MALLOC_RETAINED.name()))) {
            judged.add(LedgerPart.MALLOC_RETAINED.name());
        }
        if (liveGrowth >= 0) {
            judged.add(LedgerPart.MALLOC_IN_USE.name());
        }
        return new Verdict(VerdictKind.MALLOC_BLOAT, Stats.clamp01(confidence), summary, e.map, List.of(),
                assessment.compilerPeakCause != null && assessment.churnCause == null
                        ? Remedies.plus(Remedies.mallocBloat(run.facts, arenas, fragmented), Remedies.jitCompiler(run.facts, false))
                        : Remedies.mallocBloat(run.facts, arenas, fragmented),
                List.of(DiagnosisSeries.MALLOC_RETAINED, DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS), judged,
                notJudged);
    }

    /**
     * Under jemalloc with its own statistics: what it keeps resident beyond what is allocated
     * ({@code resident − allocated}), split into dirty pages its purge or decay returns
     * ({@code resident − active − metadata}), room inside active pages (fragmentation: a purge gives
     * none of it back) and metadata. Same bar and confidence as glibc's case; jemalloc's remedies.
     */
    private static Verdict jemallocKeeps(RunView run, Assessment assessment) {
        String basis = "jemalloc stats.resident − stats.allocated";
        assessment.judged(LedgerPart.MALLOC_RETAINED, basis);
        assessment.note("The allocator is " + run.facts.allocator.describe() + ": the malloc parts come from jemalloc's"
                + " own statistics (stats.allocated, stats.resident), not glibc's; " + JemallocStats.BLIND_SPOT + ".");
        Points retained = residentOnly(run, JemallocStats.kept(run));
        if (retained.isEmpty()) {
            return null;
        }
        Held held = Held.of(run, retained, Column.JEMALLOC_RESIDENT);
        if (held == null) {
            return null;
        }
        int row = held.row;
        long rss = held.rss;
        double latestRetained = held.latest;
        double share = held.share;
        double liveGrowth = assessment.untrackedGrowth;
        List<NotJudged> notJudged = new ArrayList<>();
        double confidence = held.confidence * liveFactor(liveGrowth, false);
        String live = liveClause(liveGrowth, false, assessment, notJudged, "a longer run");
        long allocated = run.value(Column.JEMALLOC_ALLOCATED, row);
        long active = run.value(Column.JEMALLOC_ACTIVE, row);
        long metadata = run.orZero(Column.JEMALLOC_METADATA, row);
        long[] purge = JemallocStats.purgeable(run, row);
        long dirty = purge == null ? ABSENT : Math.min(purge[0], Math.round(latestRetained));
        long fragmentedBytes = active == ABSENT ? ABSENT : Math.max(0, active - allocated);
        Evidence e = new Evidence().bytes("retainedBytes", latestRetained).bytes("rssBytes", rss)
                .number("retainedShareOfRss", share).bytes("jemallocAllocatedBytes", allocated)
                .bytes("jemallocResidentBytes", run.value(Column.JEMALLOC_RESIDENT, row));
        if (active != ABSENT) {
            e.bytes("jemallocActiveBytes", active);
        }
        e.bytes("jemallocMetadataBytes", metadata);
        String purgeSentence = "";
        boolean mostlyFragmented = false;
        if (dirty != ABSENT) {
            e.bytes("purgeReleasableBytes", dirty);
            e.text("purgeEstimate", "jemalloc's dirty pages (stats.resident − stats.active − stats.metadata): what its"
                    + " purge or decay returns; not malloc_trim, which is glibc's");
            mostlyFragmented = dirty < 0.5 * latestRetained;
            purgeSentence = mostlyFragmented
                    ? "; most of it is room inside active pages (fragmentation) and metadata: jemalloc's purge would give"
                            + " back only about " + Sizes.of(dirty)
                    : "; about " + Sizes.of(dirty) + " of it is dirty pages jemalloc's purge (or decay) would give back";
        }
        if (fragmentedBytes != ABSENT) {
            e.bytes("fragmentedBytes", fragmentedBytes);
        }
        String cause = "";
        if (assessment.churnCause != null) {
            e.text("cause", assessment.churnCause);
            cause = "; the freed memory comes from " + assessment.churnCause;
        }
        e.text("allocator", "jemalloc").text("basis", basis).text("cannotSee", JemallocStats.BLIND_SPOT);
        String summary = "jemalloc keeps " + Sizes.of(latestRetained) + " resident beyond what is allocated ("
                + Math.round(share * 100) + "% of RSS)" + live + purgeSentence + cause + ".";
        List<String> judged = new ArrayList<>();
        judged.add(LedgerPart.MALLOC_RETAINED.name());
        if (liveGrowth >= 0) {
            judged.add(LedgerPart.MALLOC_IN_USE.name());
        }
        return new Verdict(VerdictKind.MALLOC_BLOAT, Stats.clamp01(confidence), summary, e.map, List.of(),
                Remedies.jemallocKeeps(mostlyFragmented),
                List.of(DiagnosisSeries.MALLOC_RETAINED, DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS), judged,
                notJudged);
    }

    /**
     * glibc's figures say nothing of another allocator's memory: the malloc parts are not judged,
     * and they matter when what they would hold (malloc's parts and the unexplained rest) is a
     * noticeable share of RSS.
     */
    private static void notGlibc(RunView run, Assessment assessment) {
        int row = run.latestRowWith(Column.RSS);
        double share = 0;
        if (row >= 0) {
            LedgerEntry latest = new Ledger(run.columns).entry(row);
            share = (latest.bytes(LedgerPart.UNEXPLAINED) + latest.bytes(LedgerPart.MALLOC_IN_USE)
                    + latest.bytes(LedgerPart.MALLOC_RETAINED)) / (double) Math.max(1, latest.rssBytes);
        }
        String reason = "the allocator is " + run.facts.allocator.describe() + ": glibc's malloc_info, arenas and"
                + " malloc_trim do not describe its memory";
        String remedy = run.facts.allocator.name.equals("jemalloc")
                ? "let the agent read jemalloc's own statistics (stats.allocated, stats.resident) on JDK 22+: run with"
                        + " --enable-native-access=ALL-UNNAMED, or agent option allocatorStats=on (the JDK then warns once)"
                : "read " + run.facts.allocator.name + "'s own statistics to split its memory into in use and kept";
        boolean significant = share >= Conclusion.SIGNIFICANT_SHARE;
        Evidence e = new Evidence().number("mallocAndUnexplainedShareOfRss", share).text("allocator",
                run.facts.allocator.name);
        assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_RETAINED, reason, remedy, 0,
                significant ? "memory kept by " + run.facts.allocator.name + " (" + Math.round(share * 100)
                        + "% of RSS is malloc's or unexplained)" : null, significant, e.map, List.of()));
        assessment.note("The allocator is " + run.facts.allocator.describe() + ", not glibc: glibc's malloc_info,"
                + " arenas and trim figures do not describe it, so malloc bloat is not judged and no trim estimate is"
                + " given; native memory growth is still judged from anonymous RSS.");
    }

    /** The least of the retained series over the run's last quarter (its last point when the quarter has none). */
    /**
     * What the allocator keeps at the end, against RSS at its latest reading: both allocators use
     * the same bar (it is about RSS, not about how each one keeps memory), and the same base confidence.
     */
    private static final class Held {
        /** The row of the latest reading. */
        final int row;
        final long rss;
        final double latest;
        final double share;
        final double confidence;

        private Held(int row, long rss, double latest) {
            this.row = row;
            this.rss = rss;
            this.latest = latest;
            this.share = latest / rss;
            this.confidence = 0.6 + 0.35 * Stats.ramp(share, MIN_RETAINED_FRACTION, 0.4);
        }

        /** Null when what was kept through the judged window stays below the bar. */
        static Held of(RunView run, Points retained, Column readingColumn) {
            int row = run.latestRowWith(readingColumn);
            long rss = run.value(Column.RSS, row);
            double heldMin = heldMinimum(run, retained);
            if (rss == ABSENT || heldMin < MIN_RETAINED_BYTES || heldMin < MIN_RETAINED_FRACTION * rss) {
                return null;
            }
            return new Held(row, rss, retained.last());
        }
    }

    /**
     * Why the latest reading of what glibc keeps no longer describes the run, or null when it does.
     * A reading before the run's last quarter still stands for the end while RSS stays where it was;
     * after RSS fell by half of what it read (a trim probe gave memory back, say), it describes a
     * past that the verdict must not present as the present.
     */
    /**
     * Whether a reading of {@code readBytes}, taken at {@code readMillis} with RSS at {@code rssThen},
     * no longer says what is held at the end: older than the run's last quarter, and RSS has fallen
     * since by half of it or more (a trim gave it back, say). Shared with the ledger's parts that are
     * measured only now and then.
     */
    static boolean outdated(long readMillis, long rssThen, double readBytes, long startMillis, long endMillis,
            long rssNow) {
        return readMillis < endMillis - (endMillis - startMillis) / 4 && rssThen - rssNow >= 0.5 * readBytes;
    }

    private static String staleness(RunView run, Points retained) {
        long readAt = retained.timesMillis[retained.size - 1];
        int readRow = run.latestRowAtOrBefore(readAt);
        long rssThen = readRow < 0 ? ABSENT : run.value(Column.RSS, readRow);
        long rssNow = run.latest(Column.RSS);
        double read = retained.last();
        if (rssThen == ABSENT || rssNow == ABSENT
                || !outdated(readAt, rssThen, read, run.startMillis, run.endMillis, rssNow)) {
            return null;
        }
        return "the last reading (" + Sizes.of(read) + " at " + Math.round((readAt - run.startMillis) / 1000.0)
                + " s) is older than the run's last quarter, and RSS has fallen by " + Sizes.of(rssThen - rssNow)
                + " since: what glibc keeps now was not measured";
    }

    private static double heldMinimum(RunView run, Points retained) {
        Points held = retained.from(run.endMillis - run.durationMillis() / 4);
        if (held.isEmpty()) {
            held = retained.from(retained.timesMillis[retained.size - 1]);
        }
        double heldMin = Double.MAX_VALUE;
        for (int i = 0; i < held.size; i++) {
            heldMin = Math.min(heldMin, held.values[i]);
        }
        return heldMin;
    }

    /**
     * What live native memory does decides what may be said: growing is a leak's signature, not
     * bloat's, and an upper bound then holds the leak itself; not judged, it lowers confidence.
     */
    private static double liveFactor(double liveGrowth, boolean upperBound) {
        if (liveGrowth < 0) {
            return 0.6;
        }
        return liveGrowth >= 0.5 ? (upperBound ? 0.3 : 0.6) : 1;
    }

    /** The summary's clause on live native memory; adds MALLOC_IN_USE to {@code notJudged} when it was not judged. */
    private static String liveClause(double liveGrowth, boolean upperBound, Assessment assessment, List<NotJudged> notJudged,
            String remedy) {
        if (liveGrowth < 0) {
            Assessment.Open open = assessment.open(LedgerPart.MALLOC_IN_USE);
            notJudged.add(open != null ? open.asNotJudged() : new NotJudged(LedgerPart.MALLOC_IN_USE,
                    "no series of native memory in use", remedy));
            return "; whether native memory in use also grows could not be judged";
        }
        if (liveGrowth >= 0.5) {
            return upperBound ? "; this upper bound includes native memory in use outside NMT, which grows (see"
                    + " NATIVE_LEAK), so much of it is probably not free" : "; native memory in use grows as well";
        }
        return " while live native memory does not grow";
    }
}
