package io.bloatscope.report.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order verdicts are shown in, by every format and the JSON contract: findings that were judged
 * and reach {@link #FINDING_CONFIDENCE} first (highest confidence first), then {@code INCONCLUSIVE}
 * (what could not be judged comes right after what was), then weaker findings, then
 * {@code HEALTHY}. Ties keep the engine's order.
 */
public final class VerdictOrder {
    /** A verdict at or above this is a finding. */
    public static final double FINDING_CONFIDENCE = 0.5;

    private VerdictOrder() {
    }

    public static List<Verdict> sorted(List<Verdict> verdicts) {
        List<Verdict> sorted = new ArrayList<>(verdicts);
        sorted.sort(Comparator.comparingInt(VerdictOrder::group)
                .thenComparing(Comparator.comparingDouble((Verdict v) -> v.confidence).reversed()));
        return sorted;
    }

    private static int group(Verdict v) {
        if (v.kind == VerdictKind.HEALTHY) {
            return 3;
        }
        if (v.kind == VerdictKind.INCONCLUSIVE) {
            return 1;
        }
        return v.confidence >= FINDING_CONFIDENCE ? 0 : 2;
    }
}
