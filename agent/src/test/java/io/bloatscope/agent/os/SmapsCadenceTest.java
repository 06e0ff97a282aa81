package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmapsCadenceTest {
    private static final long MIB = 1L << 20;

    /** Ticks every {@code tickMillis} with the given readings; the reason per tick, "-" for none. */
    private static List<String> run(SmapsCadence cadence, long tickMillis, long... readings) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            String reason = cadence.decide(i * tickMillis, readings[i]);
            reasons.add(reason == null ? "-" : reason);
        }
        return reasons;
    }

    @Test
    void aFixedCadenceReadsFirstThenOncePerIntervalWhateverMemoryDoes() {
        SmapsCadence cadence = new SmapsCadence(60_000, false, 10_000);
        long[] growing = new long[13];
        for (int i = 0; i < growing.length; i++) {
            growing[i] = i * 100 * MIB;
        }
        assertEquals(List.of("first", "-", "-", "-", "-", "-", "interval", "-", "-", "-", "-", "-", "interval"),
                run(cadence, 10_000, growing));
    }

    @Test
    void aFixedCadenceDueEveryTickRunsAtEveryTickDespiteJitter() {
        SmapsCadence cadence = new SmapsCadence(250, false, 250);
        long now = 0;
        int reads = 0;
        for (long step : new long[] {0, 249, 251, 126, 252, 130}) {
            now += step;
            if (cadence.decide(now, 0) != null) {
                reads++;
            }
        }
        assertEquals(6, reads);
    }

    @Test
    void steadyMemoryKeepsTheAdaptiveCadenceAtOnceAMinute() {
        SmapsCadence cadence = new SmapsCadence(60_000, true, 1_000);
        List<String> reasons = new ArrayList<>();
        for (int second = 0; second <= 120; second++) {
            // JIT arenas and malloc churn: 3 MiB up and down, never 4 MiB above the baseline.
            long reading = 50 * MIB + (second % 7 == 0 ? 3 * MIB : 0);
            String reason = cadence.decide(second * 1000L, reading);
            if (reason != null) {
                reasons.add(second + ":" + reason);
            }
        }
        assertEquals(List.of("0:first", "60:interval", "120:interval"), reasons);
    }

    @Test
    void growthSwitchesToReadsEveryTenSecondsUntilThreeReadsSeeNoGrowth() {
        SmapsCadence cadence = new SmapsCadence(60_000, true, 1_000);
        List<String> reasons = new ArrayList<>();
        for (int second = 0; second <= 100; second++) {
            // 1 MiB/s from 5 s to 40 s, then flat.
            long reading = 50 * MIB + Math.max(0, Math.min(second, 40) - 5) * MIB;
            String reason = cadence.decide(second * 1000L, reading);
            if (reason != null) {
                reasons.add(second + ":" + reason + (reason.equals("adaptive") ? "+" + cadence.growthBytes() / MIB : ""));
            }
        }
        assertFalse(cadence.fast(), "back to the regular cadence after three reads without growth");
        // No read from 70 s to 100 s: the next regular one is due a minute after the last read.
        assertEquals(List.of("0:first", "10:adaptive+5", "20:adaptive+10", "30:adaptive+10", "40:adaptive+10",
                "50:adaptive+0", "60:adaptive+0", "70:adaptive+0"), reasons);
    }

    @Test
    void aSlowLeakKeepsFastReadsOnByMeasuringFromTheLastGrowth() {
        SmapsCadence cadence = new SmapsCadence(60_000, true, 10_000);
        // 2.5 MiB per 10 s: no single fast read sees 4 MiB, every second one does.
        long[] readings = new long[12];
        readings[0] = 0;
        readings[1] = 5 * MIB;
        for (int i = 2; i < readings.length; i++) {
            readings[i] = readings[i - 1] + 5 * MIB / 2;
        }
        List<String> reasons = run(cadence, 10_000, readings);
        assertEquals(List.of("first", "adaptive", "adaptive", "adaptive", "adaptive", "adaptive", "adaptive",
                "adaptive", "adaptive", "adaptive", "adaptive", "adaptive"), reasons);
        assertTrue(cadence.fast());
    }

    @Test
    void growthDoesNotReadMoreOftenThanEveryTenSeconds() {
        SmapsCadence cadence = new SmapsCadence(60_000, true, 1_000);
        assertEquals("first", cadence.decide(0, 0));
        for (long t = 1_000; t < 10_000; t += 1_000) {
            assertNull(cadence.decide(t, t * MIB), "t=" + t);
        }
        assertEquals("adaptive", cadence.decide(10_000, 10_000 * MIB));
    }

    @Test
    void exitReadsWhenTheLastReadIsStaleAndAFixedCadenceAlwaysReadsAtExit() {
        SmapsCadence adaptive = new SmapsCadence(60_000, true, 1_000);
        assertEquals("first", adaptive.decide(0, 0));
        adaptive.exitNext();
        assertNull(adaptive.decide(5_000, 0), "read 5 s ago: fresh enough");
        adaptive.exitNext();
        assertEquals("exit", adaptive.decide(12_000, 0));

        SmapsCadence fixed = new SmapsCadence(60_000, false, 1_000);
        assertEquals("first", fixed.decide(0, 0));
        fixed.exitNext();
        assertEquals("exit", fixed.decide(2_000, 0));
    }

    @Test
    void aShortRunWhoseMemoryGrewReadsAtExitEvenSoonAfterItsLastRead() {
        SmapsCadence adaptive = new SmapsCadence(60_000, true, 250);
        assertEquals("first", adaptive.decide(0, 0));
        assertNull(adaptive.decide(4_000, 30 * MIB), "the fast cadence waits 10 s");
        adaptive.exitNext();
        assertEquals("exit", adaptive.decide(8_000, 40 * MIB));
    }

    @Test
    void unknownReadingsNeverTrigger() {
        SmapsCadence cadence = new SmapsCadence(60_000, true, 1_000);
        long[] readings = new long[30];
        java.util.Arrays.fill(readings, SmapsCadence.UNKNOWN);
        List<String> reasons = run(cadence, 1_000, readings);
        assertEquals("first", reasons.get(0));
        assertTrue(reasons.subList(1, 30).stream().allMatch("-"::equals), reasons.toString());
    }
}
