package io.bloatscope.report.render;

import io.bloatscope.report.model.Capture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How every format words a capture near the memory limit: one sentence (threshold, when, the
 * figure against the limit, the growth that led there) and its evidence as label/value rows.
 */
final class CaptureText {
    private CaptureText() {
    }

    /** E.g. "75% of the 400.0 MB limit (memoryLimit) at 2026-12-03 08:40:01 UTC: RSS 301.2 MB, growing 40.0 MB/min, limit in 2.5 min". */
    static String sentence(Capture capture) {
        StringBuilder text = new StringBuilder();
        text.append(Math.round(capture.threshold * 100)).append("% of the ")
                .append(HumanUnits.megabytes(capture.limitBytes)).append(" limit (").append(capture.limitSource)
                .append(") at ").append(HumanUnits.clock(capture.timeMillis)).append(": ").append(figure(capture.usage))
                .append(' ').append(HumanUnits.megabytes(capture.usageBytes));
        if (capture.growthBytesPerMinute != null) {
            text.append(capture.growthBytesPerMinute >= 0 ? ", growing " : ", falling ")
                    .append(HumanUnits.megabytes(Math.abs(capture.growthBytesPerMinute))).append("/min");
        }
        if (capture.secondsToLimit != null) {
            text.append(", the limit in ").append(HumanUnits.duration(capture.secondsToLimit * 1000.0)).append(" at that rate");
        }
        return text.toString();
    }

    /** The figure's name as a person reads it. */
    static String figure(String usage) {
        return "cgroupWorkingSet".equals(usage) ? "cgroup usage without inactive file pages" : "RSS";
    }

    static List<String[]> evidence(Capture capture) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Object> item : capture.evidence.entrySet()) {
            rows.add(new String[] {HumanUnits.label(item.getKey()), HumanUnits.value(item.getKey(), item.getValue())});
        }
        return rows;
    }
}
