package io.bloatscope.report.live;

import io.bloatscope.report.model.VerdictKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One evaluation of the analysis engine over the live window, and what it cost: CPU and wall time
 * on the metrics thread, bytes it allocated, and the window it judged. Immutable.
 */
final class LiveVerdict {
    /** Every kind's confidence: the highest of its verdicts, 0 when the diagnosis lists none. */
    final Map<VerdictKind, Double> confidence;
    final Long trimEstimateBytes;
    final long timeMillis;
    final int windowSnapshots;
    final double windowSeconds;
    final double cpuSeconds;
    final double wallSeconds;
    final long allocatedBytes;

    LiveVerdict(Map<VerdictKind, Double> confidence, Long trimEstimateBytes, long timeMillis, int windowSnapshots,
            double windowSeconds, double cpuSeconds, double wallSeconds, long allocatedBytes) {
        Map<VerdictKind, Double> all = new EnumMap<>(VerdictKind.class);
        for (VerdictKind kind : VerdictKind.values()) {
            all.put(kind, confidence.getOrDefault(kind, 0.0));
        }
        this.confidence = Collections.unmodifiableMap(all);
        this.trimEstimateBytes = trimEstimateBytes;
        this.timeMillis = timeMillis;
        this.windowSnapshots = windowSnapshots;
        this.windowSeconds = windowSeconds;
        this.cpuSeconds = cpuSeconds;
        this.wallSeconds = wallSeconds;
        this.allocatedBytes = allocatedBytes;
    }
}
