package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanUnitsTest {

    @Test
    void evidenceKeysChooseTheirUnit() {
        assertEquals("480.0 MB", HumanUnits.value("retainedBytes", 480L << 20));
        assertEquals("1.5 MB/min", HumanUnits.value("growthBytesPerMinute", 1.5 * (1 << 20)));
        assertEquals("12.0 GB", HumanUnits.value("rssBytes", 12L << 30));
        assertEquals("2.5 s", HumanUnits.value("pauseMillis", 2500));
        assertEquals("unlimited", HumanUnits.value("containerLimitBytes", -1));
        assertEquals("2023-11-14 22:13:20 UTC", HumanUnits.value("timeMillis", 1_700_000_000_000L));
        assertEquals("4242", HumanUnits.value("pid", 4242));
        assertEquals("12,345", HumanUnits.value("loadedCount", 12345));
        assertEquals("0.873", HumanUnits.value("fitR2", 0.8731));
        assertEquals("yes", HumanUnits.value("tracked", true));
        assertEquals("unset", HumanUnits.value("mallocArenaMax", null));
    }

    @Test
    void labelsDropTheUnitAndKeepAcronyms() {
        assertEquals("growth", HumanUnits.label("growthBytesPerMinute"));
        assertEquals("trim would release", HumanUnits.label("trimWouldReleaseBytes"));
        assertEquals("NMT category", HumanUnits.label("NMTCategory"));
        assertEquals("arena count", HumanUnits.label("arenaCount"));
    }
}
