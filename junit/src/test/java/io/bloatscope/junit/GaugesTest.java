package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GaugesTest {

    /**
     * On NMT summaries captured from JDK 17 and 25 (the format module's fixtures): the committed
     * total less the Java heap (6320816128 reserved, ~400 MB committed) and the JIT's Code, Compiler
     * and Arena Chunk. Counting the JIT's memory would let a compilation look like a leak.
     */
    @ParameterizedTest
    @CsvSource({"jdk17, 564017857, 128032561", "jdk25, 546790792, 123378240"})
    void nativeMemoryFromNmtLeavesOutTheHeapAndTheJit(String jdk, long total, long expected) throws Exception {
        String summary = Files.readString(Path.of("../format/src/test/resources/fixtures", jdk, "nmt-summary-bytes.txt"));
        assertTrue(summary.contains("committed=" + total), "the fixture's total");
        assertEquals(expected, Gauges.nmtNativeBytes(summary), 0.5);
    }

    @ParameterizedTest
    @CsvSource({"'Native Memory Tracking is not enabled'", "'Total: reserved=10, committed=5'"})
    void anUnreadableSummaryIsNotANumber(String summary) {
        assertTrue(Double.isNaN(Gauges.nmtNativeBytes(summary)), summary);
    }
}
