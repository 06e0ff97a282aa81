package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlotTest {

    @Test
    void elapsedTicksAreShortAndDistinct() {
        assertEquals("0", Plot.elapsed(0));
        assertEquals("500ms", Plot.elapsed(500));
        assertEquals("1.5s", Plot.elapsed(1500));
        assertEquals("2s", Plot.elapsed(2000));
        assertEquals("2m30s", Plot.elapsed(150_000));
        assertEquals("1h30m", Plot.elapsed(5_400_000));
        assertEquals("2d", Plot.elapsed(172_800_000));
    }

    @Test
    void byteAxesStepInWholeMegabytes() {
        double mb = 1 << 20;
        assertEquals(100 * mb, Plot.step(450 * mb, "bytes"));
        assertEquals(2.0 * 1024 * mb, Plot.step(9.5 * 1024 * mb, "bytes"));
        assertEquals(20, Plot.step(97, "count"));
    }
}
