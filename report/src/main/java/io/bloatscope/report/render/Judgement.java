package io.bloatscope.report.render;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.stream.Collectors;

/**
 * How a verdict's evidence accounting reads: the parts it judged as one compact list, and the words
 * for its confidence. An INCONCLUSIVE verdict's confidence is that of the suspicion it reports
 * (heap growth seen without a collection), not of a finding, so it is called that.
 */
final class Judgement {
    private Judgement() {
    }

    /** "Java heap (resident), Code cache", or "" when the verdict names none. */
    static String judged(Verdict verdict) {
        return verdict.judged.stream().map(LedgerPart::labelOf).collect(Collectors.joining(", "));
    }

    /** "confidence" or, for INCONCLUSIVE, "suspicion". */
    static String confidenceWord(Verdict verdict) {
        return verdict.kind == VerdictKind.INCONCLUSIVE ? "suspicion" : "confidence";
    }
}
