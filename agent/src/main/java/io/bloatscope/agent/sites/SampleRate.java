package io.bloatscope.agent.sites;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far apart two samples are: {@code base} (bytes between sampled Unsafe blocks, or 1 for "every
 * allocation") times a power of two that is 1 unless the application allocates so fast that more
 * than {@code maxPerSecond} samples a second would be taken. Each sample walks the stack
 * (microseconds), so a storm at the base rate would spend a large share of a core walking. Then
 * the distance doubles at once, and halves again (never below {@code base}) after a quiet second.
 *
 * <p>Estimates stay unbiased: each sample is weighted by the distance in force when it was taken.
 * Only the sampled path calls {@link #sampled}, so the clock read and the lock are rare.
 */
final class SampleRate {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final long MAX_FACTOR = 1L << 30;

    private final long base;
    private final long maxPerSecond;
    private final LongSupplier nanoClock;
    private final AtomicLong samplesInWindow = new AtomicLong();
    private volatile long factor = 1;
    private volatile long windowStart;

    SampleRate(long base, long maxPerSecond, LongSupplier nanoClock) {
        this.base = base;
        this.maxPerSecond = maxPerSecond;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * The distance now in force: {@code base} times a power of two (for {@code base} 1, one
     * allocation in this many is sampled).
     */
    long distance() {
        return base * factor;
    }

    /** Counts one sample and adjusts the distance for the samples that follow. */
    void sampled() {
        long now = nanoClock.getAsLong();
        long inWindow = samplesInWindow.incrementAndGet();
        if (inWindow > maxPerSecond || now - windowStart >= WINDOW_NANOS) {
            adjust(now);
        }
    }

    private synchronized void adjust(long now) {
        long inWindow = samplesInWindow.get();
        if (inWindow > maxPerSecond) {
            factor = Math.min(factor * 2, MAX_FACTOR);
        } else if (now - windowStart >= WINDOW_NANOS) {
            if (inWindow <= maxPerSecond / 4 && factor > 1) {
                factor = factor / 2;
            }
        } else {
            return; // another thread adjusted already
        }
        samplesInWindow.set(0);
        windowStart = now;
    }
}
