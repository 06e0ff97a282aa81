package io.bloatscope.agent.sites;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The mean distance, in bytes, between two sampled Unsafe blocks. It is the configured
 * {@code unsafeSampleBytes} unless the application allocates so fast that more than
 * {@code maxPerSecond} blocks a second would be sampled: each sample walks the stack (microseconds),
 * so a malloc storm at the configured mean would spend a large share of a core walking. Then the
 * mean doubles at once, and halves again (never below the configured mean) after a quiet second.
 *
 * <p>Estimates stay unbiased: each sample is weighted by the mean in force when it was taken.
 * Only the sampled path calls in here, so the clock read and the lock are rare.
 */
final class SampleRate {
    static final long DEFAULT_MAX_PER_SECOND = 1_000;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final long MAX_MEAN_BYTES = 1L << 40;

    private final long configuredMeanBytes;
    private final long maxPerSecond;
    private final LongSupplier nanoClock;
    private final AtomicLong samplesInWindow = new AtomicLong();
    private volatile long meanBytes;
    private volatile long windowStart;

    SampleRate(long configuredMeanBytes, long maxPerSecond, LongSupplier nanoClock) {
        this.configuredMeanBytes = configuredMeanBytes;
        this.maxPerSecond = maxPerSecond;
        this.nanoClock = nanoClock;
        this.meanBytes = configuredMeanBytes;
        this.windowStart = nanoClock.getAsLong();
    }

    long meanBytes() {
        return meanBytes;
    }

    /** Counts one sample and adjusts the mean for the samples that follow. */
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
            meanBytes = Math.min(meanBytes * 2, MAX_MEAN_BYTES);
        } else if (now - windowStart >= WINDOW_NANOS) {
            if (inWindow <= maxPerSecond / 4 && meanBytes > configuredMeanBytes) {
                meanBytes = Math.max(configuredMeanBytes, meanBytes / 2);
            }
        } else {
            return; // another thread adjusted already
        }
        samplesInWindow.set(0);
        windowStart = now;
    }
}
