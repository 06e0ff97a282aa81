package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurvivorWindowsTest {

    @Test
    void aMinuteInFourFromTheStart() {
        SurvivorWindows windows = new SurvivorWindows(1_000, 0);
        assertTrue(windows.isOpen(), "the first window opens at the start");
        assertTrue(windows.publishDuringWindow(), "the first window's surveys are all there is to show");
        assertFalse(windows.closeIfDue(59_000));
        assertTrue(windows.closeIfDue(60_000));
        assertFalse(windows.isOpen());
        assertFalse(windows.openIfDue(60_000 + 179_000), "three windows' pause");
        assertTrue(windows.openIfDue(60_000 + 180_000));
        assertTrue(windows.isOpen());
        assertFalse(windows.publishDuringWindow(), "later windows show only once finished");
        assertFalse(windows.closeIfDue(240_000 + 59_000));
        assertTrue(windows.closeIfDue(240_000 + 60_000));
    }

    @Test
    void aWindowCountsOnlyItsOwnSamples() {
        SurvivorWindows windows = new SurvivorWindows(1_000, 0);
        windows.closeIfDue(60_000);
        windows.openIfDue(240_000);
        assertFalse(windows.inCurrentWindow(50_000), "emitted in the last window, still in the recording");
        assertTrue(windows.inCurrentWindow(240_000 + 5_000));
        assertTrue(windows.inCurrentWindow(240_000 - 500), "within the clocks' margin");
    }

    @Test
    void longSurveysMakeLongerWindows() {
        SurvivorWindows windows = new SurvivorWindows(30_000, 0);
        assertFalse(windows.closeIfDue(179_000), "six surveys at least");
        assertTrue(windows.closeIfDue(180_000));
    }
}
