package io.bloatscope.agent.sites;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How far apart two samples are: {@code base} (bytes between sampled Unsafe blocks, or 1 for "every
 * allocation") times a power of two that is 1 unless the application allocates so fast that more
 * than {@code maxPerSecond} samples a second would be taken. Each sample walks the stack
 * (microseconds, and enough of them get the walk compiled by C2, hundreds of milliseconds of
 * compiler time), so a storm at the base rate would spend a large share of a core walking.
 *
 * <p>Samples are counted in windows of {@code windowNanos}, each allowed its share of
 * {@code maxPerSecond}. A window that takes more raises the distance at once by the power of two
 * its rate was over (at most ×{@value #MAX_STEP} a step), so a storm is throttled after one
 * window's budget, not after a budget at every doubling; the distance halves again (never below
 * {@code base}) for every second in which the rate stayed under a quarter of the budget.
 *
 * <p>Estimates stay unbiased: each sample is weighted by the distance in force when it was taken.
 * Only the sampled path calls {@link #sampled}, so its clock read is rare.
 */
final class SampleRate {
    static final long SECOND_NANOS = 1_000_000_000L;
    private static final long MAX_FACTOR = 1L << 30;
    /** The largest raise of one step: a burst at one instant is no measure of a sustained rate. */
    private static final long MAX_STEP = 16;

    private final long base;
    private final long windowNanos;
    /** Samples a window may take: {@code maxPerSecond} for its length, at least 1. */
    private final long windowBudget;
    private final LongSupplier nanoClock;
    private final AtomicLong samplesInWindow = new AtomicLong();
    private final AtomicLong windowStart;
    private volatile long factor = 1;
    /** Time in windows under a quarter of the budget since the distance last changed; only the window's closer writes it. */
    private long quietNanos;

    /** Windows of a second. */
    SampleRate(long base, long maxPerSecond, LongSupplier nanoClock) {
        this(base, maxPerSecond, SECOND_NANOS, nanoClock);
    }

    SampleRate(long base, long maxPerSecond, long windowNanos, LongSupplier nanoClock) {
        this.base = base;
        this.windowNanos = windowNanos;
        this.windowBudget = Math.max(1, maxPerSecond * windowNanos / SECOND_NANOS);
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
        long elapsed = Math.max(0, now - start);
        boolean over = inWindow > windowBudget;
        if ((over || elapsed >= windowNanos) && windowStart.compareAndSet(start, now)) {
            long counted = samplesInWindow.getAndSet(0);
            if (over) {
                quietNanos = 0;
                factor = Math.min(factor * step(counted, elapsed), MAX_FACTOR);
            } else if (counted <= windowBudget / 4) {
                quietNanos += elapsed;
                long f = factor;
                for (; quietNanos >= SECOND_NANOS && f > 1; quietNanos -= SECOND_NANOS) {
                    f /= 2;
                }
                if (f == 1) {
                    quietNanos = 0;
                }
                factor = f;
            } else {
                quietNanos = 0;
            }
        }
    }

    /** The power of two (2 to {@value #MAX_STEP}) by which {@code counted} samples in {@code elapsed} exceed the budget's rate. */
    private long step(long counted, long elapsed) {
        // rate / allowed rate = (counted / elapsed) / (windowBudget / windowNanos); counted is a budget or so, no overflow.
        double over = (double) counted * windowNanos / ((double) Math.max(elapsed, 1) * windowBudget);
        long step = 2;
        while (step < MAX_STEP && step < over) {
            step *= 2;
        }
        return step;
    }
}
