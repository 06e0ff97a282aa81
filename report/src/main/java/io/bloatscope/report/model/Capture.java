package io.bloatscope.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture the agent wrote when the memory charged against the limit crossed a threshold
 * ({@code captureAt}): when, which threshold, the figure and the limit, the growth that led there,
 * and the evidence of that moment (the figures of its complete snapshot, its top sites).
 */
public final class Capture {
    public final long timeMillis;
    /** Fraction of the limit, e.g. 0.75. */
    public final double threshold;
    public final long limitBytes;
    /** {@code cgroup} or {@code memoryLimit} (the agent option). */
    public final String limitSource;
    public final long usageBytes;
    /** Which figure {@link #usageBytes} is: {@code cgroupWorkingSet} or {@code rss}. */
    public final String usage;
    /** Growth of the figure over the last minute before the capture; null when unknown. */
    public final Long growthBytesPerMinute;
    /** At that rate, seconds until the limit; null when not growing or unknown. */
    public final Long secondsToLimit;
    /** Figures of the captured snapshot and the agent's thread figures, keys carrying their unit. */
    public final Map<String, Object> evidence;
    /** The top live native and surviving heap sites at that moment, when site tracking was on. */
    public final List<Site> sites;

    public Capture(long timeMillis, double threshold, long limitBytes, String limitSource, long usageBytes,
            String usage, Long growthBytesPerMinute, Long secondsToLimit, Map<String, Object> evidence,
            List<Site> sites) {
        this.timeMillis = timeMillis;
        this.threshold = threshold;
        this.limitBytes = limitBytes;
        this.limitSource = limitSource;
        this.usageBytes = usageBytes;
        this.usage = usage;
        this.growthBytesPerMinute = growthBytesPerMinute;
        this.secondsToLimit = secondsToLimit;
        this.evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        this.sites = List.copyOf(sites);
    }
}
