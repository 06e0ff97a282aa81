package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.model.VerdictOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One root cause first. A class-loader leak grows metaspace, the class count and the heap together
 * (the loaders, their classes' mirrors and statics): two leak verdicts would send the reader after
 * two causes. When METASPACE_LEAK is a finding with classes loaded growing and a HEAP_LEAK stands
 * beside it, the heap's growth becomes part of the class-loader leak's evidence and the HEAP_LEAK
 * verdict goes, unless the heap grows by more than {@link #MAX_HEAP_BYTES_PER_CLASS} per new class,
 * which no loader's classes hold: then they are two causes and both stay. Heap growth seen only after
 * young collections (the heap otherwise left open) is folded in the same way, said as unconfirmed,
 * and so is a weak native growth in the NMT categories every loaded class feeds (Symbol, Module).
 */
final class RootCause {
    static final double MAX_HEAP_BYTES_PER_CLASS = 1 << 20;

    private RootCause() {
    }

    static List<Verdict> merge(List<Verdict> verdicts, Assessment assessment) {
        Verdict metaspace = find(verdicts, VerdictKind.METASPACE_LEAK);
        if (metaspace == null || metaspace.confidence < VerdictOrder.FINDING_CONFIDENCE
                || number(metaspace.evidence.get("classesLoadedGrowth")) < MetaspaceLeakDetector.MIN_CLASS_GROWTH) {
            return verdicts;
        }
        long classGrowth = number(metaspace.evidence.get("classesLoadedGrowth"));
        Verdict heap = find(verdicts, VerdictKind.HEAP_LEAK);
        Assessment.Open openHeap = assessment.open(LedgerPart.JAVA_HEAP);
        Map<String, Object> heapEvidence = heap != null ? heap.evidence : openHeap != null ? openHeap.evidence : Map.of();
        double heapGrowth = number(heapEvidence.get("growthBytes"));
        if (heapGrowth <= 0 || heapGrowth > MAX_HEAP_BYTES_PER_CLASS * classGrowth) {
            return verdicts;
        }
        boolean confirmed = heap != null;
        Map<String, Object> evidence = new LinkedHashMap<>(metaspace.evidence);
        evidence.put("heapGrowthBytesPerMinute", heapEvidence.get("growthBytesPerMinute"));
        evidence.put("heapGrowthBytes", heapEvidence.get("growthBytes"));
        if (confirmed) {
            evidence.put("heapLeakConfidence", heap.confidence);
        } else {
            // The heap grew after young collections with no old one to confirm it: the loaders this
            // verdict finds kept alive are what such growth would be, so it is judged with them.
            assessment.settle(LedgerPart.JAVA_HEAP, "its growth goes with the class-loader leak (unconfirmed by an old"
                    + " collection)");
        }
        List<String> judged = new ArrayList<>(metaspace.judged);
        judged.add(LedgerPart.JAVA_HEAP.name());
        String summary = metaspace.summary + " The heap's live set grows with them by "
                + Sizes.of(number(heapEvidence.get("growthBytesPerMinute"))) + "/min" + (confirmed ? "" : " after young"
                        + " collections") + " (the loaders and what their classes hold): one cause, not a separate heap leak.";
        Verdict merged = new Verdict(VerdictKind.METASPACE_LEAK, Math.max(metaspace.confidence, confirmed ? heap.confidence : 0),
                summary, evidence, metaspace.sites.isEmpty() && confirmed ? heap.sites : metaspace.sites, metaspace.remedies,
                List.of(DiagnosisSeries.METASPACE, DiagnosisSeries.CLASSES, DiagnosisSeries.HEAP_AFTER_GC), judged,
                metaspace.notJudged);
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v == metaspace) {
                out.add(merged);
            } else if (v != heap && !classMetadata(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** NMT categories that grow with every class loaded (names, modules, class metadata outside metaspace). */
    private static boolean classMetadata(Verdict v) {
        return v.kind == VerdictKind.NATIVE_LEAK
                && List.of("Symbol", "Module", "Class", "Metaspace").contains(String.valueOf(v.evidence.get("nmtCategory")));
    }

    private static Verdict find(List<Verdict> verdicts, VerdictKind kind) {
        for (Verdict v : verdicts) {
            if (v.kind == kind) {
                return v;
            }
        }
        return null;
    }

    private static long number(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
