package io.bloatscope.agent.core;

import java.util.List;

/**
 * Which thresholds a usage figure has just crossed. Each threshold fires once per crossing and is
 * re-armed only when usage falls below the threshold minus {@link #REARM_MARGIN} of the limit, so
 * usage hovering at a threshold does not write a capture at every tick. A run that starts above a
 * threshold crosses it at its first tick. Pure: tested without a process.
 */
final class CaptureThresholds {
    /** 5 % of the limit: well above tick-to-tick noise, well below the gap between two thresholds. */
    static final double REARM_MARGIN = 0.05;
    private static final double[] NONE = new double[0];

    private final double[] fractions;
    private final boolean[] armed;

    /** @param fractions ascending fractions of the limit, each in (0, 1) */
    CaptureThresholds(List<Double> fractions) {
        this.fractions = new double[fractions.size()];
        this.armed = new boolean[fractions.size()];
        for (int i = 0; i < this.fractions.length; i++) {
            this.fractions[i] = fractions.get(i);
            armed[i] = true;
        }
    }

    /** The thresholds crossed at this reading (ascending; usually none, and then no allocation). */
    double[] crossed(long usageBytes, long limitBytes) {
        double used = (double) usageBytes / limitBytes;
        int count = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (armed[i] && used >= fractions[i]) {
                count++;
            } else if (!armed[i] && used < fractions[i] - REARM_MARGIN) {
                armed[i] = true;
            }
        }
        if (count == 0) {
            return NONE;
        }
        double[] crossed = new double[count];
        int n = 0;
        for (int i = 0; i < fractions.length; i++) {
            if (armed[i] && used >= fractions[i]) {
                armed[i] = false;
                crossed[n++] = fractions[i];
            }
        }
        return crossed;
    }
}
