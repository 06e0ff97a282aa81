package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * DIRECT_BUFFER_LEAK: memory held by direct buffers (buffer pool "direct") keeps growing. A direct
 * buffer's memory is freed by its Cleaner only once the GC collected the buffer, so an application
 * that drops its buffers but makes little heap garbage shows a pool that climbs until the next
 * collection, exactly as one that keeps them. Judged as a pool the GC frees ({@link GcFreedPool}):
 * on its low points between collections, a finding only once an old collection confirmed them;
 * before that, growth is a suspicion naming the step (a periodic live set), not a finding.
 */
final class DirectBufferLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        GcFreedPool.Judged pool = GcFreedPool.DIRECT.judge(run, assessment);
        if (pool.state == GcFreedPool.State.FLAT) {
            assessment.judged(LedgerPart.BUFFERS, "the direct buffer pool");
        }
        if (pool.state != GcFreedPool.State.GROWS) {
            return null;
        }
        Growth growth = pool.growth;
        assessment.judged(LedgerPart.BUFFERS, "the direct buffer pool's low points between collections");
        Points count = run.points(Column.DIRECT_COUNT).from(growth.window.timesMillis[0]);
        Evidence e = new Evidence().trend(growth).bytes("directBufferBytes", pool.used.last());
        if (!count.isEmpty()) {
            e.count("directBufferCountGrowth", Math.round(count.last() - count.first()));
            e.count("directBufferCount", Math.round(count.last()));
        }
        String summary = "Direct buffers grow by " + Sizes.of(growth.trend.perMinute()) + "/min to "
                + Sizes.of(pool.used.last()) + " and are not released: collections, old ones included, do not free them"
                + growth.unsettledClause() + ".";
        return new Verdict(VerdictKind.DIRECT_BUFFER_LEAK, pool.confidence, summary, e.map, List.of(),
                Remedies.directBuffers(run.facts), List.of(DiagnosisSeries.DIRECT),
                List.of(LedgerPart.BUFFERS.name()), List.of());
    }
}
