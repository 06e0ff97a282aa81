package io.bloatscope.agent.jvm;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Runs the rate-limited trim probe on the sampling thread and writes its result, only on the ticks
 * when a probe ran:
 * <pre>"trim":{"rssBeforeBytes":n,"rssAfterBytes":n,"releasedBytes":n,"durationMillis":n,
 *   "trigger":"interval"|"demand"}</pre>
 * (the three sizes are omitted when the JVM could not read its RSS).
 *
 * <p>Two triggers: with {@code periodic} on, a probe every {@code minMillisBetweenProbes}; and on
 * demand, {@link #requestProbe()}, which only sets a flag and returns at once, so the attach thread
 * calling it never waits for a trim. The next tick runs the requested probe, unless the last probe
 * was less than {@code minMillisBetweenProbes} ago, in which case the request waits for the first
 * tick after that: a user asking repeatedly cannot make the agent trim more often than the limit.
 * When the probe reports that trimming is not supported, this sampler throws, and the loop drops it.
 */
public final class TrimSampler implements Sampler {
    private final TrimProbe probe;
    private final long minMillisBetweenProbes;
    private final boolean periodic;
    private final LongSupplier clockMillis;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final long startMillis;
    private long lastProbeMillis;
    private boolean probedYet;

    /**
     * @param minMillisBetweenProbes at least this long between two probes of any trigger, and the
     *     period of the periodic ones; must be positive
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
        this.startMillis = clockMillis.getAsLong();
    }

    @Override
    public String name() {
        return "trim";
    }

    /**
     * Asks for a probe on the next tick the rate limit allows; returns at once. False when a
     * request was already pending (the two are served by one probe).
     */
    public boolean requestProbe() {
        return requested.compareAndSet(false, true);
    }

    @Override
    public void sample(JsonLine snapshot) {
        long now = clockMillis.getAsLong();
        boolean allowed = !probedYet || now - lastProbeMillis >= minMillisBetweenProbes;
        boolean demand = allowed && requested.get();
        boolean interval = periodic && now - (probedYet ? lastProbeMillis : startMillis) >= minMillisBetweenProbes;
        if (!demand && !interval) {
            return;
        }
        if (demand) {
            requested.set(false);
        }
        probedYet = true;
        lastProbeMillis = now;
        TrimResult result = probe.trimNow();
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
                .field("trigger", demand ? "demand" : "interval")
                .endObject();
    }
}
