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
 * Only the sampled path calls {@link #sampled}, so its clock read is rare.
 */
final class SampleRate {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final long MAX_FACTOR = 1L << 30;

    private final long base;
    private final long maxPerSecond;
    private final LongSupplier nanoClock;
    private final AtomicLong samplesInWindow = new AtomicLong();
    private final AtomicLong windowStart;
    private volatile long factor = 1;

    SampleRate(long base, long maxPerSecond, LongSupplier nanoClock) {
        this.base = base;
        this.maxPerSecond = maxPerSecond;
        this.nanoClock = nanoClock;
        this.windowStart = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * The distance now in force: {@code base} times a power of two (for {@code base} 1, one
     * allocation in this many is sampled).
     */
    long distance() {
        return base * factor;
    }

    /**
     * Counts one sample and adjusts the distance for the samples that follow. Application threads
     * call this, so it never waits: of threads that see the window end together, the one that
     * wins the compare-and-set adjusts and the others go on.
     */
    void sampled() {
        long now = nanoClock.getAsLong();
        long inWindow = samplesInWindow.incrementAndGet();
        long start = windowStart.get();
        boolean over = inWindow > maxPerSecond;
        if ((over || now - start >= WINDOW_NANOS) && windowStart.compareAndSet(start, now)) {
            long counted = samplesInWindow.getAndSet(0);
            if (over) {
                factor = Math.min(factor * 2, MAX_FACTOR);
            } else if (counted <= maxPerSecond / 4 && factor > 1) {
                factor = factor / 2;
            }
        }
    }
}
