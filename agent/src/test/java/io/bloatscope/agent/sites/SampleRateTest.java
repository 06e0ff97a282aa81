package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleRateTest {
    private static final long SECOND = 1_000_000_000L;
    private long now;
    private final SampleRate rate = new SampleRate(256 << 10, 1000, () -> now);

    @Test
    void aModestRateKeepsTheConfiguredMean() {
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 900; i++) {
                now += SECOND / 1000;
                rate.sampled();
            }
        }
        assertEquals(256 << 10, rate.distance());
    }

    @Test
    void aStormRaisesTheMeanWithinTheSecondItStarts() {
        for (int i = 0; i < 2_002; i++) {
            rate.sampled(); // all at the same instant
        }
        assertEquals(4L * (256 << 10), rate.distance(), "doubled each time a further 1000 samples arrive within the second");
    }

    @Test
    void theMeanComesBackToTheConfiguredOneOnceTheStormIsOver() {
        for (int i = 0; i < 8_001; i++) {
            rate.sampled();
        }
        assertTrue(rate.distance() > 256 << 10);
        for (int second = 0; second < 20; second++) {
            now += SECOND;
            rate.sampled();
        }
        assertEquals(256 << 10, rate.distance());
    }
}
