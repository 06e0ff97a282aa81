package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct buffers' memory counted as native memory outside the JVM. The JDK mallocs each direct buffer's
 * memory, so malloc_info's in-use figure and the smaps arenas hold it; with NMT on, NMT's malloc total
 * (category Other) takes it out of the untracked-native series again, but with NMT off nothing does, and
 * direct buffers alone (kept, or dropped and awaiting the GC) read as a native leak of JNI code. Here the
 * untracked-native verdict is weighed against that series less the direct pool: what grows beyond the
 * pool is what it may claim, and when nothing does it goes, with a note; the direct pool has its own
 * verdict (or suspicion). The anonymous-RSS series already subtracts the pool and is left alone.
 */
final class DirectBuffersInMalloc {
    private DirectBuffersInMalloc() {
    }

    static List<Verdict> apart(List<Verdict> verdicts, RunView run, Assessment assessment) {
        Verdict nativeLeak = untrackedNativeLeak(verdicts);
        if (nativeLeak == null || run.points(Column.NMT_MALLOC).size >= LeakRule.MIN_POINTS) {
            return verdicts;
        }
        SourcedSeries untracked = UntrackedNative.series(run);
        if (untracked == null || untracked.source == SourcedSeries.Source.RSS_ANON) {
            return verdicts;
        }
        Points beyond = lessDirect(run, untracked.points);
        Growth growth = Growth.judge(beyond, run.startMillis, run.endMillis);
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (confidence >= nativeLeak.confidence) {
            return verdicts; // the pool explains none of it
        }
        Points direct = run.points(Column.DIRECT_USED);
        String pool = "NMT was off, so the native series (" + untracked.basis + ") also counts direct buffers' memory ("
                + Sizes.of(direct.isEmpty() ? 0 : direct.last()) + " now)";
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v != nativeLeak) {
                out.add(v);
            } else if (confidence > 0) {
                Map<String, Object> evidence = new LinkedHashMap<>(v.evidence);
                evidence.put("beyondDirectBuffersGrowthBytesPerMinute", Math.round(growth.trend.perMinute()));
                evidence.put("beyondDirectBuffersConfidence", Math.round(confidence * 1000) / 1000.0);
                out.add(new Verdict(v.kind, confidence, v.summary + " " + pool + "; beyond them it grows by "
                        + Sizes.of(growth.trend.perMinute()) + "/min.", evidence, v.sites, v.remedies, v.seriesNames,
                        v.judged, v.notJudged));
            }
        }
        if (confidence == 0) {
            assessment.note("Not a native leak: " + pool + ", and beyond them nothing grows (the untracked-native"
                    + " verdict at " + String.format(java.util.Locale.ROOT, "%.2f", nativeLeak.confidence)
                    + " was the direct buffers' growth).");
        }
        return out;
    }

    private static Verdict untrackedNativeLeak(List<Verdict> verdicts) {
        for (Verdict v : verdicts) {
            if (v.kind == VerdictKind.NATIVE_LEAK && "untracked".equals(v.evidence.get("nmtCategory"))) {
                return v;
            }
        }
        return null;
    }

    /** The series less the direct pool's reading of the same snapshot; snapshots without one are left out. */
    private static Points lessDirect(RunView run, Points series) {
        Points.Builder b = new Points.Builder();
        int row = 0;
        for (int i = 0; i < series.size; i++) {
            while (row < run.size() && run.columns.timeMillis(row) < series.timesMillis[i]) {
                row++;
            }
            long direct = row < run.size() && run.columns.timeMillis(row) == series.timesMillis[i]
                    ? run.value(Column.DIRECT_USED, row) : ABSENT;
            if (direct != ABSENT) {
                b.add(series.timesMillis[i], series.values[i] - direct);
            }
        }
        return b.build();
    }
}
