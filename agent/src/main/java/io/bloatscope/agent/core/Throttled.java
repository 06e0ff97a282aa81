package io.bloatscope.agent.core;

import io.bloatscope.agent.write.JsonLine;
import java.util.function.LongSupplier;

/**
 * Runs an expensive sampler on some ticks only: at the first tick, then whenever at least
 * {@code minMillisBetween} has passed since it last ran. On other ticks its section is absent
 * (never repeated from an earlier tick: a snapshot holds only what was measured at its time).
 *
 * <p>Why: reading {@code /proc/self/smaps} makes the kernel walk every resident page of the
 * process, Java heap included, which on a large heap costs milliseconds and holds the process's
 * mmap lock meanwhile; the malloc arenas it reveals change slowly, so once a minute is plenty.
 */
final class Throttled implements Sampler {
    private final Sampler sampler;
    private final long minMillisBetween;
    private final LongSupplier clockMillis;
    private long lastMillis;
    private boolean ranYet;

    Throttled(Sampler sampler, long minMillisBetween) {
        this(sampler, minMillisBetween, () -> System.nanoTime() / 1_000_000);
    }

    Throttled(Sampler sampler, long minMillisBetween, LongSupplier clockMillis) {
        this.sampler = sampler;
        this.minMillisBetween = minMillisBetween;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return sampler.name();
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        long now = clockMillis.getAsLong();
        if (ranYet && now - lastMillis < minMillisBetween) {
            return;
        }
        ranYet = true;
        lastMillis = now;
        sampler.sample(snapshot);
    }

    @Override
    public void close() {
        sampler.close();
    }
}
