package io.bloatscope.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanBytesTest {
    @Test
    void binaryUnitsOneDecimalAndGigabytesOnlyWhenMegabytesWouldBeLong() {
        assertEquals("0 B", HumanBytes.of(0));
        assertEquals("1023 B", HumanBytes.of(1023));
        assertEquals("1.0 KB", HumanBytes.of(1024));
        assertEquals("1.5 MB", HumanBytes.of(1.5 * (1 << 20)));
        assertEquals("3072.0 MB", HumanBytes.of(3L << 30), "3 GB keeps megabyte precision");
        assertEquals("12.0 GB", HumanBytes.of(12L << 30));
        assertEquals("-64.0 KB", HumanBytes.of(-64 << 10), "a shrinking figure keeps its sign");
    }
}
