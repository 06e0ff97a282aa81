package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * MAPPED_BUFFER_LEAK: the mapped buffer pool (FileChannel.map) keeps growing. A MappedByteBuffer is
 * unmapped only when the GC collects it, so mappings an application keeps reachable stay mapped, and
 * every page it touched stays in RSS as file-backed memory (the ledger's mapped-files part), which a
 * container's memory limit counts too. The pool's capacity is what is mapped; the file-backed RSS
 * beside it says how much of that is resident. Judged as a pool the GC frees ({@link GcFreedPool}):
 * with too few collections, or none of them old, mappings kept and mappings dropped but not yet
 * collected look alike, and growth is a suspicion, not a finding.
 */
final class MappedBufferLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        GcFreedPool.Judged pool = GcFreedPool.MAPPED.judge(run, assessment);
        if (pool.state != GcFreedPool.State.GROWS) {
            return null; // a flat pool explains nothing: the mapped-files part is judged by its own trend
        }
        Growth growth = pool.growth;
        Points mapped = pool.used;
        assessment.judged(LedgerPart.FILES, "the mapped buffer pool, which grows with it");
        Evidence e = new Evidence().trend(growth).bytes("mappedBufferBytes", mapped.last());
        Points resident = run.points(Column.RSS_FILE).from(growth.window.timesMillis[0]);
        String residentClause = "";
        if (resident.size >= 2) {
            double residentGrowth = resident.last() - resident.first();
            e.bytes("fileBackedRssBytes", resident.last()).bytes("fileBackedRssGrowthBytes", residentGrowth);
            residentClause = residentGrowth > 0
                    ? " (file-backed RSS rose by " + Sizes.of(residentGrowth) + " meanwhile, to " + Sizes.of(resident.last()) + ")"
                    : " (file-backed RSS did not rise with it: " + Sizes.of(resident.last()) + " now)";
        }
        String summary = "Mapped buffers grow by " + Sizes.of(growth.trend.perMinute()) + "/min to "
                + Sizes.of(mapped.last()) + " mapped" + residentClause + " and are not unmapped" + growth.unsettledClause() + ".";
        return new Verdict(VerdictKind.MAPPED_BUFFER_LEAK, pool.confidence, summary, e.map, List.of(),
                Remedies.mappedBuffers(run.facts), List.of(DiagnosisSeries.MAPPED, DiagnosisSeries.RSS_FILE),
                List.of(LedgerPart.FILES.name()), List.of());
    }
}
