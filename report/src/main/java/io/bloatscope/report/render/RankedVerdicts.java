package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The verdicts highest confidence first (stable for ties). The engine promises this order; every
 * format sorts again so the headline and the JSON contract never depend on that promise.
 */
final class RankedVerdicts {
    private RankedVerdicts() {
    }

    static List<Verdict> of(Diagnosis diagnosis) {
        List<Verdict> sorted = new ArrayList<>(diagnosis.verdicts);
        sorted.sort(Comparator.comparingDouble((Verdict v) -> v.confidence).reversed());
        return sorted;
    }
}
