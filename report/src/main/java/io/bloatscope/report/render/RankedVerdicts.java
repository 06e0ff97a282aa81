package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictOrder;
import java.util.List;

/**
 * The verdicts in {@link VerdictOrder} (judged findings, then INCONCLUSIVE, then weaker ones). The
 * engine promises this order; every format sorts again so the headline and the JSON contract never
 * depend on that promise.
 */
final class RankedVerdicts {
    private RankedVerdicts() {
    }

    static List<Verdict> of(Diagnosis diagnosis) {
        return VerdictOrder.sorted(diagnosis.verdicts);
    }
}
