package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleRateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long BASE = 256 << 10;
    private long now;
    private final SampleRate rate = new SampleRate(BASE, 1000, () -> now);

    @Test
    void aModestRateKeepsTheConfiguredMean() {
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 900; i++) {
                now += SECOND / 1000;
                rate.sampled();
            }
        }
        assertEquals(BASE, rate.distance());
    }

    @Test
    void aStormRaisesTheMeanWithinTheSecondItStarts() {
        for (int i = 0; i < 1_001; i++) {
            rate.sampled(); // all at the same instant
        }
        assertEquals(16 * BASE, rate.distance(), "one window over budget raises by the largest step at once");
    }

    @Test
    void theMeanComesBackToTheConfiguredOneOnceTheStormIsOver() {
        for (int i = 0; i < 8_001; i++) {
            rate.sampled();
        }
        assertTrue(rate.distance() > BASE);
        for (int second = 0; second < 40; second++) {
            now += SECOND;
            rate.sampled();
        }
        assertEquals(BASE, rate.distance());
    }

    /**
     * An allocation stream of {@code bytesPerSecond}: a sample falls every distance's worth of
     * bytes. Returns the samples taken in each second.
     */
    private static long[] samplesPerSecond(SampleRate rate, long bytesPerSecond, int seconds, long[] clock) {
        long[] perSecond = new long[seconds];
        long end = clock[0] + seconds * SECOND;
        long start = clock[0];
        while (clock[0] < end) {
            clock[0] += Math.max(1, (long) ((double) rate.distance() / bytesPerSecond * SECOND));
            if (clock[0] < end) {
                perSecond[(int) ((clock[0] - start) / SECOND)]++;
                rate.sampled();
            }
        }
        return perSecond;
    }

    @Test
    void aSustainedStormIsHeldUnderTheBudgetFromItsFirstSecond() {
        long[] clock = {0};
        // Windows of 100 ms, 100 samples a second, as the tracker's Unsafe sampling: a storm of
        // 50 GB/s would take 190,000 samples a second at the base distance.
        SampleRate unsafe = new SampleRate(BASE, 100, SECOND / 10, () -> clock[0]);
        long[] perSecond = samplesPerSecond(unsafe, 50L << 30, 5, clock);
        assertTrue(perSecond[0] <= 200, "first second: " + perSecond[0] + " samples");
        for (int s = 1; s < perSecond.length; s++) {
            assertTrue(perSecond[s] <= 100 && perSecond[s] >= 25, "second " + s + ": " + perSecond[s] + " samples");
        }
    }

    @Test
    void aRateJustOverTheBudgetDoublesOnlyOnce() {
        long[] clock = {0};
        SampleRate unsafe = new SampleRate(BASE, 100, SECOND / 10, () -> clock[0]);
        samplesPerSecond(unsafe, 150 * BASE, 3, clock);
        assertEquals(2 * BASE, unsafe.distance());
    }
}
