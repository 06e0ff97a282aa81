package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import java.util.List;

/**
 * MAPPED_BUFFER_LEAK: the mapped buffer pool (FileChannel.map) keeps growing. A MappedByteBuffer is
 * unmapped only when the GC collects it, so mappings an application keeps reachable stay mapped, and
 * every page it touched stays in RSS as file-backed memory (the ledger's mapped-files part), which a
 * container's memory limit counts too. The pool's capacity is what is mapped; the file-backed RSS
 * beside it says how much of that is resident. Judged on the pool's low points between collections
 * ({@link GcTroughs}); with too few collections, or none of them old, mappings kept and mappings
 * dropped but not yet collected look alike, and growth is a suspicion, not a finding.
 */
final class MappedBufferLeakDetector implements Detector {
    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        Points mapped = run.points(Column.MAPPED_USED);
        if (mapped.size < LeakRule.MIN_POINTS) {
            return null;
        }
        Growth growth = Growth.judge(GcTroughs.of(run, Column.MAPPED_USED), run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(growth, LeakRule.MIN_GC_POINTS)) {
            uncollected(run, mapped, assessment);
            return null;
        }
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_GC_POINTS);
        if (confidence == 0) {
            return null; // a flat pool explains nothing: the mapped-files part is judged by its own trend
        }
        if (!oldCollectionSince(run, growth.window.timesMillis[0])) {
            // A reader dropped after its buffer was promoted is unmapped only by an old collection:
            // growth between young collections alone is what the heap calls promoted garbage.
            unconfirmed(growth, mapped, confidence, assessment);
            return null;
        }
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
        return new Verdict(VerdictKind.MAPPED_BUFFER_LEAK, confidence, summary, e.map, List.of(),
                Remedies.mappedBuffers(run.facts), List.of(DiagnosisSeries.MAPPED, DiagnosisSeries.RSS_FILE),
                List.of(LedgerPart.FILES.name()), List.of());
    }

    /**
     * Whether an old collection ran after {@code fromMillis} and a snapshot followed it before the
     * next: the GC unmaps a collected buffer through its Cleaner, after the collection, so the
     * snapshot taken right after it (the agent's exit live set, say) may still count the mapping.
     */
    private static boolean oldCollectionSince(RunView run, long fromMillis) {
        long previous = RunColumns.ABSENT;
        boolean collected = false;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.OLD_GC_COUNT, i);
            if (count == RunColumns.ABSENT) {
                continue;
            }
            if (collected && count == previous) {
                return true; // a later snapshot in the same old-collection interval
            }
            collected = previous != RunColumns.ABSENT && count > previous && run.columns.timeMillis(i) >= fromMillis;
            previous = count;
        }
        return false;
    }

    private static void unconfirmed(Growth growth, Points mapped, double confidence, Assessment assessment) {
        suspicion(growth, mapped, confidence, "the mapped buffer pool's low points between young collections grow by "
                + Sizes.of(growth.trend.perMinute()) + "/min, but no old collection ran: readers dropped after their"
                + " buffers were promoted are unmapped only by one", "an old collection", assessment);
    }

    /** The pool grew, but too few collections ran to tell kept mappings from ones awaiting the GC. */
    private static void uncollected(RunView run, Points mapped, Assessment assessment) {
        Growth raw = Growth.judge(mapped, run.startMillis, run.endMillis);
        double grows = LeakRule.confidence(raw, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (grows == 0) {
            return; // flat either way: nothing to tell apart
        }
        suspicion(raw, mapped, grows, "the mapped buffer pool grows by " + Sizes.of(raw.trend.perMinute())
                + "/min, but too few collections ran to tell mappings kept from mappings dropped and not yet collected"
                + " (the GC unmaps them)", "a collection", assessment);
    }

    /**
     * Growth that collections have not yet confirmed, left open as a suspicion. The step is a periodic live
     * set: the exit's alone does not settle it, since the snapshot right after it precedes the Cleaner.
     */
    private static void suspicion(Growth growth, Points mapped, double confidence, String reason, String missing,
            Assessment assessment) {
        Evidence e = new Evidence().trend(growth).bytes("mappedBufferBytes", mapped.last());
        assessment.notJudged(new Assessment.Open(LedgerPart.FILES, reason,
                "run until old collections run, or with the agent option liveSet=<interval> (e.g. liveSet=2s), whose"
                        + " requested collections each have a snapshot after them",
                Math.min(confidence, HeapLeakDetector.UNCONFIRMED_CAP), "a mapped buffer leak (the pool grows by "
                        + Sizes.of(growth.trend.perMinute()) + "/min, unconfirmed by " + missing + ")", true, e.map,
                List.of()));
    }
}
