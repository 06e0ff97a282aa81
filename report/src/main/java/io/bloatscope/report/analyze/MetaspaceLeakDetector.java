package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * METASPACE_LEAK: metaspace (plus class space) in use keeps growing and so does the number of
 * loaded classes: class loaders are kept alive. Growth without new classes (e.g. a JIT-heavy
 * warm-up) gets half the confidence.
 */
final class MetaspaceLeakDetector implements Detector {
    static final long MIN_CLASS_GROWTH = 100;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points total = sum(run);
        if (total.size < LeakRule.MIN_POINTS) {
            return null;
        }
        Growth growth = Growth.judge(total, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_POINTS)) {
            return null;
        }
        assessment.judged(LedgerPart.METASPACE, "metaspace and class space in use, classes loaded");
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (confidence == 0) {
            return null;
        }
        Points classes = run.points(Column.CLASSES_LOADED).from(growth.window.timesMillis[0]);
        long classGrowth = classes.isEmpty() ? 0 : Math.round(classes.last() - classes.first());
        if (classGrowth < MIN_CLASS_GROWTH) {
            confidence *= 0.5;
        }
        if (confidence == 0) {
            return null;
        }
        Evidence e = new Evidence().trend(growth).bytes("metaspaceUsedBytes", total.last())
                .count("classesLoadedGrowth", classGrowth);
        if (!classes.isEmpty()) {
            e.count("classesLoaded", Math.round(classes.last()));
        }
        String summary = "Metaspace grows by " + Sizes.of(growth.trend.perMinute()) + "/min with " + classGrowth
                + " more classes loaded: class loaders are being kept alive.";
        return new Verdict(VerdictKind.METASPACE_LEAK, confidence, summary, e.map, List.of(),
                Remedies.metaspace(run.facts), List.of(DiagnosisSeries.METASPACE, DiagnosisSeries.CLASSES),
                List.of(LedgerPart.METASPACE.name()), List.of());
    }

    private static Points sum(RunView run) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            if (run.columns.has(Column.METASPACE_USED, i)) {
                b.add(run.columns.timeMillis(i), run.value(Column.METASPACE_USED, i) + run.orZero(Column.CLASS_SPACE_USED, i));
            }
        }
        return b.build();
    }
}
