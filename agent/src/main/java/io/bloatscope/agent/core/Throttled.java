package io.bloatscope.agent.core;

import io.bloatscope.agent.write.JsonLine;
import java.util.function.LongSupplier;

/**
 * Runs an expensive sampler on some ticks only: at the first tick, then at the first tick at which
 * {@code minMillisBetween} has passed since it last ran, within three quarters of a tick: ticks
 * jitter, and a sampler due every tick must never be skipped because one came early (the loop
 * itself runs ticks at least half a tick apart, so this margin always admits them). On other ticks its section is absent
 * (never repeated from an earlier tick: a snapshot holds only what was measured at its time).
 *
 * <p>Why: reading {@code /proc/self/smaps} makes the kernel walk every resident page of the
 * process, Java heap included, which on a large heap costs milliseconds and holds the process's
 * mmap lock meanwhile; the malloc arenas it reveals change slowly, so once a minute is plenty.
 */
final class Throttled implements Sampler {
    private final Sampler sampler;
    private final long minMillisBetween;
    private final long toleranceMillis;
    private final LongSupplier clockMillis;
    private long lastMillis;
    private boolean ranYet;

    Throttled(Sampler sampler, long minMillisBetween, long tickMillis) {
        this(sampler, minMillisBetween, tickMillis, () -> System.nanoTime() / 1_000_000);
    }

    Throttled(Sampler sampler, long minMillisBetween, long tickMillis, LongSupplier clockMillis) {
        this.sampler = sampler;
        this.minMillisBetween = minMillisBetween;
        this.toleranceMillis = tickMillis * 3 / 4;
        this.clockMillis = clockMillis;
    }

    /** Runs at the next tick whatever the time: the snapshot at JVM exit should be complete. */
    void runNextTick() {
        ranYet = false;
    }

    @Override
    public String name() {
        return sampler.name();
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        long now = clockMillis.getAsLong();
        if (ranYet && now - lastMillis + toleranceMillis < minMillisBetween) {
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
