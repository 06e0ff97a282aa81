package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NATIVE_LEAK: live native memory keeps growing. Two kinds, the stronger reported:
 * <ul>
 * <li><b>tracked</b>: an NMT category outside heap, metaspace, code and threads grows ("Other" net
 * of direct buffers, which Unsafe also puts there and which have their own verdict; GC; the rest,
 * named by the category that grew most). The JIT's own memory ("Compiler", "Arena Chunk") is not a
 * candidate: it swells with every compilation burst and its chunk pool is only cleaned every few
 * seconds, so in a run's first minutes it rises steadily without any leak;
 * <li><b>untracked</b>: malloc'd memory NMT does not know (zlib, JNI libraries) grows while the
 * NMT categories stay flat: malloc_info's in-use + mmap bytes minus NMT's malloc total (JDK 18+),
 * else the smaps arenas' RSS minus NMT's malloc and what the JVM freed that glibc still keeps (which
 * also holds free memory glibc retains for other code, so growth there is only a leak while it
 * keeps going), else anonymous RSS beyond the heap and NMT (see {@link UntrackedNative}), which every
 * snapshot has, so a JDK 17 run with few smaps reads is still judged, cross-checked by
 * {@link AnonGrowthCheck}. From malloc_info, anonymous RSS must grow with it (smaps arena RSS is
 * resident already).
 * </ul>
 */
final class NativeLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Verdict tracked = tracked(run, assessment);
        Verdict untracked = untracked(run, assessment);
        if (tracked == null) {
            return untracked;
        }
        if (untracked == null) {
            return tracked;
        }
        return tracked.confidence >= untracked.confidence ? tracked : untracked;
    }

    private Verdict tracked(RunView run, Assessment assessment) {
        Points committed = run.points(Column.NMT_COMMITTED);
        if (!LeakRule.judgeable(Growth.judge(committed, run.startMillis, run.endMillis), LeakRule.MIN_POINTS)) {
            return null;
        }
        assessment.judged(LedgerPart.JVM_INTERNALS, "NMT categories");
        Verdict best = null;
        Points other = run.difference(Column.NMT_OTHER, Column.DIRECT_USED, true);
        best = better(best, candidate(run, other, "Other"));
        best = better(best, candidate(run, run.points(Column.NMT_GC), "GC"));
        best = better(best, candidate(run, run.points(Column.NMT_REST), mostGrownRestCategory(run)));
        return best;
    }

    private static Verdict better(Verdict a, Verdict b) {
        return a == null || (b != null && b.confidence > a.confidence) ? b : a;
    }

    private Verdict candidate(RunView run, Points series, String category) {
        if (series.size < LeakRule.MIN_POINTS) {
            return null;
        }
        Growth growth = Growth.judge(series, run.startMillis, run.endMillis);
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (confidence == 0) {
            return null;
        }
        Evidence e = new Evidence().text("nmtCategory", category).text("trackedByNmt", true).trend(growth)
                .bytes("categoryCommittedBytes", series.last());
        String summary = "Native memory in NMT category \"" + category + "\" grows by "
                + Sizes.of(growth.trend.perMinute()) + "/min and is not freed" + growth.unsettledClause() + ".";
        return new Verdict(VerdictKind.NATIVE_LEAK, confidence, summary, e.map, List.of(),
                Remedies.trackedNative(run.facts, category), List.of(DiagnosisSeries.NMT_OTHER, DiagnosisSeries.RSS),
                List.of(LedgerPart.JVM_INTERNALS.name()), List.of());
    }

    /** Among the categories not grouped elsewhere, the one whose committed bytes grew most. */
    private static String mostGrownRestCategory(RunView run) {
        String best = "Internal";
        long bestGrowth = Long.MIN_VALUE;
        for (Map.Entry<String, long[]> e : run.columns.nmtCategoryEnds().entrySet()) {
            String name = e.getKey();
            if (List.of("Java Heap", "Class", "Metaspace", "Code", "Thread", "Thread Stack", "GC", "GCCardSet", "Other",
                    "Shared class space", "Compiler", "Arena Chunk").contains(name)) {
                continue;
            }
            long growth = e.getValue()[1] - e.getValue()[0];
            if (growth > bestGrowth) {
                bestGrowth = growth;
                best = name;
            }
        }
        return best;
    }

    private Verdict untracked(RunView run, Assessment assessment) {
        SourcedSeries untracked = UntrackedNative.series(run);
        boolean nmtOn = run.points(Column.NMT_COMMITTED).size >= LeakRule.MIN_POINTS;
        if (untracked == null) {
            assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_IN_USE, "neither malloc_info (JDK 18+), nor "
                    + run.points(Column.SMAPS_MAIN_ARENA).size + " smaps reads, nor anonymous RSS give "
                    + LeakRule.MIN_POINTS + " points to follow native memory outside the JVM",
                    "a longer run, or smaps=10s", 0, null, false, new Evidence().map, List.of()));
            return null;
        }
        Points series = untracked.points;
        Growth growth = Growth.judge(series, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_POINTS)) {
            assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_IN_USE, growth.window.size
                    + " points over " + Math.round(growth.windowMillis / 100.0) / 10.0 + " s after warm-up from "
                    + untracked.basis, "run longer", 0, null, false, new Evidence().map, List.of()));
            return null;
        }
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        List<NotJudged> notJudged = new ArrayList<>();
        String judgedHow = "native memory outside the JVM's accounting, from " + untracked.basis;
        if (untracked.source == SourcedSeries.Source.RSS_ANON && !nmtOn) {
            // Without NMT the series also holds the JVM's own internals (GC structures, the JIT's
            // arenas), so growth there is native either way but not necessarily outside the JVM.
            NotJudged internals = new NotJudged(LedgerPart.JVM_INTERNALS, "NMT was off: the JVM's own native memory"
                    + " cannot be told from native code's", "start the JVM with -XX:NativeMemoryTracking=summary");
            notJudged.add(internals);
            if (confidence >= 0.5) {
                assessment.notJudged(new Assessment.Open(LedgerPart.JVM_INTERNALS, internals.reason, internals.remedy,
                        0, null, false, new Evidence().map, List.of()));
            } else {
                assessment.judged(LedgerPart.JVM_INTERNALS, "inside anonymous memory beyond the heap, which does not grow");
            }
        }
        if (confidence == 0) {
            markJudged(assessment, untracked, judgedHow);
            assessment.untrackedGrowth = 0;
            return null;
        }
        boolean judgedMallocInUse = true;
        String evidenceNote = null;
        Points anon = run.points(Column.RSS_ANON).from(growth.window.timesMillis[0]);
        double anonGrowth = anon.size >= 2 ? Trend.of(anon).growth() : 0;
        String summary = "Native memory that NMT does not track (malloc by JNI code such as zlib) grows by "
                + Sizes.of(growth.trend.perMinute()) + "/min while the JVM's own categories stay flat.";
        switch (untracked.source) {
            case MALLOC_INFO:
                if (anonGrowth < 0.5 * growth.growth()) {
                    // Allocated but not resident, or RSS falling elsewhere; anonymous RSS also falls
                    // when the JVM gives its own memory back.
                    confidence *= 0.5;
                }
                break;
            case SMAPS:
                if (anonGrowth < 0.5 * growth.growth() && jvmFreed(run, growth.window.timesMillis[0]) >= growth.growth()) {
                    // The arenas held what the series says, but anonymous RSS did not grow with it: memory
                    // the JVM freed and glibc kept was reused, and how much of it was, is the model's guess
                    // (JvmFreedKept). A leak and reuse of freed memory look alike here.
                    boolean wouldBeAFinding = confidence >= 0.5;
                    confidence *= 0.5;
                    if (wouldBeAFinding) {
                        assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_IN_USE, "native memory outside NMT"
                                + " grows by " + Sizes.of(growth.growth()) + " by the arenas' RSS less what the JVM freed,"
                                + " but anonymous RSS grew by only " + Sizes.of(anonGrowth) + ": memory the JVM freed and"
                                + " glibc kept may have been reused instead",
                                "a trim probe (attach <pid> trim: what glibc gives back was free, not leaked); JDK 18+ has"
                                        + " malloc_info to tell",
                                confidence, "native memory growing by " + Sizes.of(growth.trend.perMinute()) + "/min", true,
                                new Evidence().trend(growth).map, List.of()));
                        judgedMallocInUse = false;
                    }
                }
                break;
            case RSS_ANON:
                // Inferred, not measured: the heap's residency is estimated, and glibc keeping more
                // free memory also shows here (it levels off; the persistence test weighs that).
                confidence *= nmtOn ? 0.9 : 0.75;
                AnonGrowthCheck check = AnonGrowthCheck.of(run, growth, nmtOn);
                // Growth at least indicated (a weak finding would leave the part open) that the check cannot
                // place is open, whatever the factor makes of its confidence: lowered below the bar, it would
                // otherwise read as "does not grow" and let HEALTHY through.
                boolean indicated = confidence >= Diagnoser.LISTED_THRESHOLD;
                confidence *= check.factor;
                if (check.openReason != null && indicated) {
                    assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_IN_USE, check.openReason,
                            AnonGrowthCheck.smapsStep(growth.windowMillis) + " (the arenas' own RSS tells malloc from heap"
                                    + " pages); JDK 18+ has malloc_info",
                            confidence, "native memory growing by " + Sizes.of(growth.trend.perMinute()) + "/min", true,
                            new Evidence().trend(growth).map, List.of()));
                    judgedMallocInUse = false;
                }
                evidenceNote = check.evidence;
                summary = nmtOn
                        ? "Anonymous memory beyond the heap and everything NMT tracks grows by " + Sizes.of(growth.trend.perMinute())
                                + "/min while the JVM's own categories stay flat: native memory outside the JVM (JNI code"
                                + " such as zlib) kept in use, or freed and kept by glibc (without malloc_info this run cannot"
                                + " tell which)."
                        : "Anonymous memory beyond the heap, metaspace, code cache and direct buffers grows by "
                                + Sizes.of(growth.trend.perMinute()) + "/min: native memory (NMT was off, so the JVM's"
                                + " own internals cannot be told from native code's).";
                break;
            default:
                break;
        }
        if (judgedMallocInUse) {
            markJudged(assessment, untracked, judgedHow);
        }
        // Left open, its growth was not judged: bloat must not say "live native memory does not grow".
        assessment.untrackedGrowth = judgedMallocInUse ? confidence : -1;
        Evidence e = new Evidence().text("nmtCategory", "untracked").text("trackedByNmt", false).trend(growth)
                .bytes("untrackedNativeBytes", series.last()).bytes("rssAnonGrowthBytes", anonGrowth)
                .text("basis", untracked.basis);
        if (evidenceNote != null) {
            e.text("crossCheck", evidenceNote);
        }
        return new Verdict(VerdictKind.NATIVE_LEAK, confidence, summary, e.map, List.of(),
                Remedies.untrackedNative(run.facts), List.of(DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS),
                List.of(LedgerPart.MALLOC_IN_USE.name()), notJudged);
    }

    /** What the JVM freed of its own malloc (NMT saw it go) after {@code fromMillis}: the falls, summed. */
    private static double jvmFreed(RunView run, long fromMillis) {
        Points malloc = run.points(Column.NMT_MALLOC).from(fromMillis);
        double freed = 0;
        for (int i = 1; i < malloc.size; i++) {
            freed += Math.max(0, malloc.values[i - 1] - malloc.values[i]);
        }
        return freed;
    }

    private static void markJudged(Assessment assessment, SourcedSeries untracked, String how) {
        assessment.judged(LedgerPart.MALLOC_IN_USE, how);
        if (untracked.source == SourcedSeries.Source.RSS_ANON) {
            assessment.judged(LedgerPart.UNEXPLAINED, how); // all anonymous memory beyond the JVM's is in it
        }
    }
}
