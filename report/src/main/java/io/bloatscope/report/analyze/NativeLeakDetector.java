package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
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
 * keeps going). From malloc_info, anonymous RSS must grow with it (smaps arena RSS is resident
 * already).
 * </ul>
 */
final class NativeLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, List<String> notes) {
        Verdict tracked = tracked(run);
        Verdict untracked = untracked(run, notes);
        if (tracked == null) {
            return untracked;
        }
        if (untracked == null) {
            return tracked;
        }
        return tracked.confidence >= untracked.confidence ? tracked : untracked;
    }

    private Verdict tracked(RunView run) {
        if (run.points(Column.NMT_COMMITTED).size < LeakRule.MIN_POINTS) {
            return null;
        }
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
                + Sizes.of(growth.trend.perMinute()) + "/min and is not freed.";
        return new Verdict(VerdictKind.NATIVE_LEAK, confidence, summary, e.map, List.of(),
                Remedies.trackedNative(run.facts, category), List.of(DiagnosisSeries.NMT_OTHER, DiagnosisSeries.RSS));
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

    /**
     * Malloc'd memory NMT does not account for, from the best source with enough points to judge
     * (malloc_info, else the smaps arenas), or null when neither has them.
     */
    static SourcedSeries untrackedSeries(RunView run) {
        boolean nmt = run.points(Column.NMT_MALLOC).size >= LeakRule.MIN_POINTS;
        if (run.points(Column.MALLOC_IN_USE).size >= LeakRule.MIN_POINTS) {
            return new SourcedSeries(untrackedMalloc(run, nmt), nmt ? "malloc_info in use + mmap − NMT malloc"
                    : "malloc_info in use + mmap (NMT off: the JVM's own malloc included)", false);
        }
        if (run.points(Column.SMAPS_MAIN_ARENA).size >= LeakRule.MIN_POINTS) {
            return new SourcedSeries(arenasBeyondJvmMalloc(run, nmt), "smaps arena RSS − NMT malloc − what the JVM"
                    + " freed that glibc still keeps (no malloc_info on this JDK; retained free memory of other code is"
                    + " included)", true);
        }
        return null;
    }

    private Verdict untracked(RunView run, List<String> notes) {
        SourcedSeries untracked = untrackedSeries(run);
        if (untracked == null) {
            notes.add("Untracked native memory not judged: neither malloc_info (JDK 18+) nor enough smaps samples"
                    + " (" + run.points(Column.SMAPS_MAIN_ARENA).size + ") in the run.");
            return null;
        }
        Points series = untracked.points;
        boolean fromSmaps = untracked.fromSmaps;
        String basis = untracked.basis;
        Growth growth = Growth.judge(series, run.startMillis, run.endMillis);
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (confidence == 0) {
            return null;
        }
        Points anon = run.points(Column.RSS_ANON).from(growth.window.timesMillis[0]);
        double anonGrowth = anon.size >= 2 ? Trend.of(anon).growth() : 0;
        if (!fromSmaps && anonGrowth < 0.5 * growth.growth()) {
            // Allocated but not resident, or RSS falling elsewhere. Arena RSS from smaps is resident
            // by definition, and anonymous RSS also falls when the JVM gives its own memory back.
            confidence *= 0.5;
        }
        Evidence e = new Evidence().text("nmtCategory", "untracked").text("trackedByNmt", false).trend(growth)
                .bytes("untrackedNativeBytes", series.last()).bytes("rssAnonGrowthBytes", anonGrowth)
                .text("basis", basis);
        String summary = "Native memory that NMT does not track (malloc by JNI code such as zlib) grows by "
                + Sizes.of(growth.trend.perMinute()) + "/min while the JVM's own categories stay flat.";
        return new Verdict(VerdictKind.NATIVE_LEAK, confidence, summary, e.map, List.of(),
                Remedies.untrackedNative(run.facts), List.of(DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS));
    }

    static Points untrackedMalloc(RunView run, boolean subtractNmt) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long inUse = run.value(Column.MALLOC_IN_USE, i);
            long nmtMalloc = run.value(Column.NMT_MALLOC, i);
            if (inUse == ABSENT || (subtractNmt && nmtMalloc == ABSENT)) {
                continue;
            }
            b.add(run.columns.timeMillis(i), inUse + run.orZero(Column.MALLOC_MMAP, i) - (subtractNmt ? nmtMalloc : 0));
        }
        return b.build();
    }

    /**
     * Arena RSS minus what the JVM's own malloc accounts for there: NMT's malloc total now, plus
     * what the JVM freed that glibc still keeps. glibc keeps freed memory (the JIT's compiler arenas
     * come and go by megabytes) and hands it out again before growing, so that kept part rises by
     * what the JVM frees and falls by what the JVM mallocs again and by what the arenas give back to
     * the OS. Subtracting only the current total would show the JVM's own churn as untracked growth;
     * subtracting its high-water mark instead hid a leak's growth whenever glibc did give the JVM's
     * freed memory back (JDK 17, InflaterLeak: NMT malloc fell by 10 MB, the arenas by 7 MB).
     */
    static Points arenasBeyondJvmMalloc(RunView run, boolean subtractNmt) {
        Points.Builder b = new Points.Builder();
        long lastNmtMalloc = ABSENT;
        long lastArenas = ABSENT;
        long keptFree = 0;
        for (int i = 0; i < run.size(); i++) {
            long nmtMalloc = run.value(Column.NMT_MALLOC, i);
            if (nmtMalloc != ABSENT) {
                if (lastNmtMalloc != ABSENT) {
                    long freed = lastNmtMalloc - nmtMalloc;
                    keptFree = Math.max(0, keptFree + freed);
                }
                lastNmtMalloc = nmtMalloc;
            }
            long main = run.value(Column.SMAPS_MAIN_ARENA, i);
            if (main == ABSENT) {
                continue;
            }
            long arenas = main + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, i);
            if (lastArenas != ABSENT && arenas < lastArenas) {
                keptFree = Math.max(0, keptFree - (lastArenas - arenas));
            }
            lastArenas = arenas;
            if (subtractNmt && lastNmtMalloc == ABSENT) {
                continue;
            }
            b.add(run.columns.timeMillis(i), arenas - (subtractNmt ? lastNmtMalloc + keptFree : 0));
        }
        return b.build();
    }

    static Points arenasBeyondNmt(RunView run, boolean subtractNmt) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long main = run.value(Column.SMAPS_MAIN_ARENA, i);
            long nmtMalloc = run.value(Column.NMT_MALLOC, i);
            if (main == ABSENT || (subtractNmt && nmtMalloc == ABSENT)) {
                continue;
            }
            b.add(run.columns.timeMillis(i), main + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, i) - (subtractNmt ? nmtMalloc : 0));
        }
        return b.build();
    }
}
