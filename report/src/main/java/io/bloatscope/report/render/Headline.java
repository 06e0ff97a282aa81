package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The one sentence every format opens with: the strongest verdict in words, for a healthy run
 * where the memory is, for an inconclusive one what could not be judged and why, so the reader
 * learns the answer before any table.
 */
public final class Headline {
    private Headline() {
    }

    public static String of(Diagnosis diagnosis) {
        Verdict top = diagnosis.verdicts.isEmpty() ? null : RankedVerdicts.of(diagnosis).get(0);
        if (top == null) {
            return "No verdict: the run could not be judged" + (diagnosis.notes.isEmpty() ? "." : " (see the notes).");
        }
        if (top.kind == VerdictKind.INCONCLUSIVE && !top.notJudged.isEmpty()) {
            return inconclusive(top);
        }
        String sentence = kindLabel(top.kind) + ": " + top.summary;
        if (top.kind == VerdictKind.HEALTHY && diagnosis.latest != null) {
            sentence += (sentence.endsWith(".") ? " " : ". ") + "RSS " + HumanUnits.bytes(diagnosis.latest.rssBytes)
                    + " at the end" + (diagnosis.peak != null ? ", peak " + HumanUnits.bytes(diagnosis.peak.rssBytes) : "")
                    + ", unexplained " + HumanUnits.bytes(diagnosis.latest.bytes(LedgerPart.UNEXPLAINED)) + ".";
        }
        return sentence;
    }

    /**
     * "Inconclusive: Java heap (resident) could not be judged (no collection after warm-up). Heap used
     * rose …": what could not be judged comes first, since that is what the reader must act on.
     */
    private static String inconclusive(Verdict top) {
        List<String> parts = new ArrayList<>();
        for (NotJudged part : top.notJudged) {
            parts.add(LedgerPart.labelOf(part.part) + " (" + part.reason + ")");
        }
        String list = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return kindLabel(top.kind) + ": " + list + " could not be judged. " + top.summary;
    }

    /** How a verdict kind reads in a sentence; bloat says it is not a leak, the product's point. */
    static String kindLabel(VerdictKind kind) {
        switch (kind) {
            case HEAP_LEAK: return "Java heap leak";
            case NATIVE_LEAK: return "Native memory leak";
            case DIRECT_BUFFER_LEAK: return "Direct buffer leak";
            case MAPPED_BUFFER_LEAK: return "Mapped buffer leak";
            case METASPACE_LEAK: return "Metaspace (class loader) leak";
            case THREAD_LEAK: return "Thread leak";
            case MALLOC_BLOAT: return "Malloc bloat, not a leak";
            case HEAP_BLOAT: return "Heap bloat, not a leak";
            case NATIVE_CHURN: return "Native memory released only by the GC";
            case NATIVE_HELD: return "Native memory held outside the JVM";
            case JIT_COMPILER_MEMORY: return "JIT compiler memory";
            case INCONCLUSIVE: return "Inconclusive";
            case HEALTHY: return "Healthy";
            default: return kind.name();
        }
    }

    /** "leak", "bloat" or "healthy": the severity class colours and icons follow. */
    static String severity(VerdictKind kind) {
        switch (kind) {
            case HEALTHY: return "healthy";
            case INCONCLUSIVE: return "inconclusive";
            case MALLOC_BLOAT:
            case NATIVE_HELD:
            case HEAP_BLOAT: return "bloat";
            default: return "leak";
        }
    }
}
