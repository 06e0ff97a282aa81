package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrowthWindowTest {

    @Test
    void slopeOverTheLastMinuteOnly() {
        GrowthWindow window = new GrowthWindow();
        window.add(0, 0);
        assertTrue(Double.isNaN(window.bytesPerMinute()), "one reading has no rate");
        // Flat for two minutes, then 10 MB a minute: the window forgets the flat part.
        for (long t = 1_000; t <= 120_000; t += 1_000) {
            window.add(t, 0);
        }
        for (long t = 121_000; t <= 240_000; t += 1_000) {
            window.add(t, (t - 120_000) * (10L << 20) / 60_000);
        }
        assertEquals(10L << 20, window.bytesPerMinute(), 1024);
        assertEquals(60_000, window.spanMillis());
        assertEquals(61, window.points());
    }

    @Test
    void memoryIsBoundedWhateverTheInterval() {
        GrowthWindow window = new GrowthWindow();
        for (long t = 0; t < 10_000; t += 10) {
            window.add(t, t);
        }
        assertEquals(GrowthWindow.CAPACITY, window.points(), "at most the ring's capacity");
        assertEquals(60_000, window.bytesPerMinute(), 1);
    }
}
