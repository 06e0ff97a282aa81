package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DownsampleTest {

    @Test
    void shortSeriesAreKeptWhole() {
        assertArrayEquals(new int[] {0, 1, 2}, Downsample.minMax(3, i -> i * 1000L, i -> i, 100));
    }

    @Test
    void keepsSpikesDipsAndTheLastPointOfALongSeries() {
        int count = 605_000;
        double[] values = new double[count];
        Arrays.fill(values, 100);
        values[123_457] = 10_000;
        values[400_001] = -5;
        int[] picked = Downsample.minMax(count, i -> i * 1000L, i -> values[i], 400);
        assertTrue(picked.length <= 801, "at most two per bucket and the last: " + picked.length);
        assertTrue(Arrays.stream(picked).anyMatch(i -> i == 123_457), "the spike survives");
        assertTrue(Arrays.stream(picked).anyMatch(i -> i == 400_001), "the dip survives");
        assertEquals(count - 1, picked[picked.length - 1]);
        for (int i = 1; i < picked.length; i++) {
            assertTrue(picked[i] > picked[i - 1], "ascending");
        }
    }
}
