package io.bloatscope.agent.jvm;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.util.function.LongSupplier;

/**
 * Writes the trim probe's result into the snapshot, only on ticks after a probe ran:
 * <pre>"trim":{"rssBeforeBytes":n,"rssAfterBytes":n,"releasedBytes":n,"durationMillis":n,
 *   "trigger":"interval"|"demand"}</pre>
 * (the three sizes are omitted when the JVM could not read its RSS).
 *
 * <p>Two triggers. With {@code periodic} on, a probe at most every {@code minMillisBetweenProbes}
 * (counted from the last probe of either trigger): trims lock glibc's arenas, so the automatic
 * probe is rare by design. On demand ({@code attach <pid> trim}), {@link #probeNow()} runs a probe
 * at once: the user asked for it explicitly. Both run on the sampling thread only (the attach
 * thread submits the demand to that thread and waits for the answer; no application thread waits).
 * When the probe reports that trimming is not supported, this sampler throws, and the loop drops it.
 */
public final class TrimSampler implements Sampler {
    private final TrimProbe probe;
    private final long minMillisBetweenProbes;
    private final boolean periodic;
    private final LongSupplier clockMillis;
    private long lastProbeMillis;
    /** A demanded probe's result, written by the next tick. */
    private TrimResult demanded;

    /**
     * @param minMillisBetweenProbes least time between two periodic probes, and since a demanded
     *     one; must be positive
     * @param periodic whether to probe on a period, or only on demand
     */
    public TrimSampler(TrimProbe probe, long minMillisBetweenProbes, boolean periodic) {
        this(probe, minMillisBetweenProbes, periodic, () -> System.nanoTime() / 1_000_000);
    }

    TrimSampler(TrimProbe probe, long minMillisBetweenProbes, boolean periodic, LongSupplier clockMillis) {
        if (minMillisBetweenProbes <= 0) {
            throw new IllegalArgumentException("minMillisBetweenProbes must be positive: " + minMillisBetweenProbes);
        }
        this.probe = probe;
        this.minMillisBetweenProbes = minMillisBetweenProbes;
        this.periodic = periodic;
        this.clockMillis = clockMillis;
        this.lastProbeMillis = clockMillis.getAsLong();
    }

    @Override
    public String name() {
        return "trim";
    }

    /** Probes now, on demand; the next snapshot records the result. Call on the sampling thread. */
    public TrimResult probeNow() {
        demanded = probe.trimNow();
        lastProbeMillis = clockMillis.getAsLong();
        return demanded;
    }

    @Override
    public void sample(JsonLine snapshot) {
        TrimResult result = demanded;
        String trigger = "demand";
        demanded = null;
        if (result == null) {
            long now = clockMillis.getAsLong();
            if (!periodic || now - lastProbeMillis < minMillisBetweenProbes) {
                return;
            }
            lastProbeMillis = now;
            result = probe.trimNow();
            trigger = "interval";
        }
        if (!result.supported()) {
            throw new IllegalStateException("System.trim_native_heap is not available on this platform");
        }
        snapshot.beginObject("trim");
        if (result.hasSizes()) {
            snapshot.field("rssBeforeBytes", result.rssBeforeBytes())
                    .field("rssAfterBytes", result.rssAfterBytes())
                    .field("releasedBytes", result.releasedBytes());
        }
        snapshot.field("durationMillis", result.durationMillis())
                .field("trigger", trigger)
                .endObject();
    }
}
