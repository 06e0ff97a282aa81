package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureThresholdsTest {
    private static final long LIMIT = 1000;
    private static final double[] NONE = {};

    @Test
    void eachThresholdFiresOncePerCrossing() {
        CaptureThresholds thresholds = new CaptureThresholds(List.of(0.75, 0.9));
        assertArrayEquals(NONE, thresholds.crossed(500, LIMIT));
        assertArrayEquals(new double[] {0.75}, thresholds.crossed(760, LIMIT));
        assertArrayEquals(NONE, thresholds.crossed(780, LIMIT), "still above: no second capture");
        assertArrayEquals(NONE, thresholds.crossed(720, LIMIT), "below, but within the 5% margin");
        assertArrayEquals(NONE, thresholds.crossed(751, LIMIT), "so crossing again does not fire");
        assertArrayEquals(new double[] {0.9}, thresholds.crossed(905, LIMIT));
    }

    @Test
    void fallingBelowTheMarginReArms() {
        CaptureThresholds thresholds = new CaptureThresholds(List.of(0.75));
        assertArrayEquals(new double[] {0.75}, thresholds.crossed(800, LIMIT));
        assertArrayEquals(NONE, thresholds.crossed(699, LIMIT), "below 70%: re-armed");
        assertArrayEquals(new double[] {0.75}, thresholds.crossed(750, LIMIT));
    }

    @Test
    void aJumpOverSeveralThresholdsCapturesEachAndARunStartingAboveCapturesAtOnce() {
        CaptureThresholds thresholds = new CaptureThresholds(List.of(0.5, 0.75, 0.9));
        assertArrayEquals(new double[] {0.5, 0.75}, thresholds.crossed(800, LIMIT));
        assertArrayEquals(new double[] {0.9}, thresholds.crossed(950, LIMIT));
    }
}
