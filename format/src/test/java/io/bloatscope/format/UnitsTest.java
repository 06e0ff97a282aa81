package io.bloatscope.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Options, the command line and the header's options string spell durations and sizes alike. */
class UnitsTest {
    @Test
    void durations() {
        assertEquals(250, Units.parseMillis("250ms"));
        assertEquals(10_000, Units.parseMillis(" 10S "));
        assertEquals(300_000, Units.parseMillis("5m"));
        assertEquals(3_600_000, Units.parseMillis("1h"));
        assertEquals(7_000, Units.parseMillis("7"), "a bare number is seconds");
        for (String bad : new String[] {"", "ms", "-1s", "1.5s", "10x", "9999999999999999999h"}) {
            assertEquals(-1, Units.parseMillis(bad), bad);
        }
    }

    @Test
    void sizesAreBinary() {
        assertEquals(512, Units.parseBytes("512"));
        assertEquals(64 << 10, Units.parseBytes("64k"));
        assertEquals(64 << 10, Units.parseBytes("64KiB"));
        assertEquals(100L << 20, Units.parseBytes("100MB"));
        assertEquals(2L << 30, Units.parseBytes("2G"));
        for (String bad : new String[] {"", "MB", "1.5GB", "-1", "12T"}) {
            assertEquals(-1, Units.parseBytes(bad), bad);
        }
    }

    @Test
    void writtenBackTheWayTheyAreParsed() {
        for (long millis : new long[] {1, 500, 1000, 90_000, 120_000, 7_200_000}) {
            assertEquals(millis, Units.parseMillis(Units.formatMillis(millis)), Units.formatMillis(millis));
        }
        for (long bytes : new long[] {1, 1000, 1024, 3L << 20, 5L << 30}) {
            assertEquals(bytes, Units.parseBytes(Units.formatBytes(bytes)), Units.formatBytes(bytes));
        }
        assertEquals("2h", Units.formatMillis(7_200_000));
        assertEquals("64MB", Units.formatBytes(64L << 20));
    }
}
