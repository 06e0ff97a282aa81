package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/** DIRECT_BUFFER_LEAK: memory held by direct buffers (buffer pool "direct") keeps growing. */
final class DirectBufferLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points used = run.points(Column.DIRECT_USED);
        if (used.size < LeakRule.MIN_POINTS) {
            return null;
        }
        Growth growth = Growth.judge(used, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_POINTS)) {
            return null;
        }
        assessment.judged(LedgerPart.BUFFERS, "the direct buffer pool");
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (confidence == 0) {
            return null;
        }
        Points count = run.points(Column.DIRECT_COUNT).from(growth.window.timesMillis[0]);
        Evidence e = new Evidence().trend(growth).bytes("directBufferBytes", used.last());
        if (!count.isEmpty()) {
            e.count("directBufferCountGrowth", Math.round(count.last() - count.first()));
            e.count("directBufferCount", Math.round(count.last()));
        }
        String summary = "Direct buffers grow by " + Sizes.of(growth.trend.perMinute()) + "/min to "
                + Sizes.of(used.last()) + " and are not released" + growth.unsettledClause() + ".";
        return new Verdict(VerdictKind.DIRECT_BUFFER_LEAK, confidence, summary, e.map, List.of(),
                Remedies.directBuffers(run.facts), List.of(DiagnosisSeries.DIRECT),
                List.of(LedgerPart.BUFFERS.name()), List.of());
    }
}
