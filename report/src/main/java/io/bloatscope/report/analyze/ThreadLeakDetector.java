package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/** THREAD_LEAK: live Java threads keep growing (each holds a stack and JVM-side thread state). */
final class ThreadLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points live = run.points(Column.THREADS_LIVE);
        if (live.size < LeakRule.MIN_POINTS) {
            live = run.points(Column.OS_THREADS);
        }
        if (live.size < LeakRule.MIN_POINTS) {
            return null;
        }
        Growth growth = Growth.judge(live, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_POINTS)) {
            return null;
        }
        assessment.judged(LedgerPart.THREAD_STACKS, "live thread counts");
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_THREADS, LeakRule.MIN_POINTS);
        if (confidence == 0) {
            return null;
        }
        Evidence e = new Evidence();
        e.number("growthThreadsPerMinute", growth.trend.perMinute());
        e.count("growthThreads", Math.round(growth.growth()));
        e.number("fitR2", growth.trend.r2);
        e.number("durationSeconds", growth.window.durationMillis() / 1000.0);
        e.count("points", growth.window.size);
        e.count("threadsLive", Math.round(live.last()));
        Points stacks = run.points(Column.NMT_THREAD).from(growth.window.timesMillis[0]);
        if (stacks.size >= 2) {
            e.bytes("threadMemoryGrowthBytes", stacks.last() - stacks.first());
            e.bytes("threadMemoryBytes", stacks.last());
        }
        String summary = "Live threads grow by " + Math.round(growth.trend.perMinute()) + "/min to "
                + Math.round(live.last()) + " and are never ended.";
        return new Verdict(VerdictKind.THREAD_LEAK, confidence, summary, e.map, List.of(),
                Remedies.threads(), List.of(DiagnosisSeries.THREADS),
                List.of(LedgerPart.THREAD_STACKS.name()), List.of());
    }
}
