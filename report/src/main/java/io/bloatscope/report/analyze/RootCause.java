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
 * which no loader's classes hold: then they are two causes and both stay.
 */
final class RootCause {
    static final double MAX_HEAP_BYTES_PER_CLASS = 1 << 20;

    private RootCause() {
    }

    static List<Verdict> merge(List<Verdict> verdicts) {
        Verdict metaspace = find(verdicts, VerdictKind.METASPACE_LEAK);
        Verdict heap = find(verdicts, VerdictKind.HEAP_LEAK);
        if (metaspace == null || heap == null || metaspace.confidence < VerdictOrder.FINDING_CONFIDENCE) {
            return verdicts;
        }
        long classGrowth = number(metaspace.evidence.get("classesLoadedGrowth"));
        double heapGrowth = number(heap.evidence.get("growthBytes"));
        if (classGrowth < MetaspaceLeakDetector.MIN_CLASS_GROWTH || heapGrowth > MAX_HEAP_BYTES_PER_CLASS * classGrowth) {
            return verdicts;
        }
        Map<String, Object> evidence = new LinkedHashMap<>(metaspace.evidence);
        evidence.put("heapGrowthBytesPerMinute", heap.evidence.get("growthBytesPerMinute"));
        evidence.put("heapGrowthBytes", heap.evidence.get("growthBytes"));
        evidence.put("heapLeakConfidence", heap.confidence);
        List<String> judged = new ArrayList<>(metaspace.judged);
        judged.add(LedgerPart.JAVA_HEAP.name());
        String summary = metaspace.summary + " The heap's live set grows with them by "
                + Sizes.of(number(heap.evidence.get("growthBytesPerMinute"))) + "/min (the loaders and what their classes"
                + " hold): one cause, not a separate heap leak.";
        Verdict merged = new Verdict(VerdictKind.METASPACE_LEAK, Math.max(metaspace.confidence, heap.confidence), summary,
                evidence, metaspace.sites.isEmpty() ? heap.sites : metaspace.sites, metaspace.remedies,
                List.of(DiagnosisSeries.METASPACE, DiagnosisSeries.CLASSES, DiagnosisSeries.HEAP_AFTER_GC), judged,
                metaspace.notJudged);
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (v == metaspace) {
                out.add(merged);
            } else if (v != heap) {
                out.add(v);
            }
        }
        return out;
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
