package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report reads a run once: the latest allocation sites, the latest read of the JIT's
 * compilations and how the run ended come from the same scan as the columns, whether the lines
 * holding them were read in full or light (recorded runs of JDK 17 and 25).
 */
class RunTailTest {
    @TempDir
    Path dir;

    /** Every line but a part's first and last is read light: the tail check must notice the sections. */
    private static RunColumns readMostlyLight(Path file) throws IOException {
        return ColumnarReader.read(file, 1, ColumnarReader.RANGE_BYTES, Long.MAX_VALUE / 4);
    }

    private static RunColumns readInFull(Path file) throws IOException {
        return ColumnarReader.read(file, 1, ColumnarReader.RANGE_BYTES, 0);
    }

    /** The value of {@code section} in the last snapshot line of {@code lines} that has it. */
    private static Object lastSection(List<String> lines, String section) {
        Object found = null;
        for (String line : lines) {
            try {
                Map<String, Object> object = Json.parseObject(line);
                if ("snapshot".equals(object.get("type")) && object.get(section) instanceof Map) {
                    found = object.get(section);
                }
            } catch (RuntimeException truncated) {
                // the cut-off last line holds nothing
            }
        }
        return found;
    }

    @Test
    void theLatestSitesAndTheExitSnapshotAreFoundInTheOneScan() throws IOException {
        for (String jdk : new String[] {"17", "25"}) {
            Path file = ColumnarReaderTest.fixture("NettyPooled-leak-nativeSites-" + jdk + ".jsonl");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Object expected = lastSection(lines, "sites");
            assertNotNull(expected, "the recorded run tracked native sites");
            for (RunColumns run : List.of(readMostlyLight(file), readInFull(file))) {
                assertEquals(expected, run.tail().sites(), jdk);
                assertTrue(run.tail().endsAtExit(), jdk + ": the run's last snapshot was written at exit");
                assertFalse(run.tail().endsStopped(), jdk);
            }
        }
    }

    @Test
    void aRunKilledWhileWritingGivesTheSitesOfItsLastWholeSnapshot() throws IOException {
        for (String jdk : new String[] {"17", "25"}) {
            List<String> lines = Files.readAllLines(
                    ColumnarReaderTest.fixture("NettyPooled-leak-nativeSites-" + jdk + ".jsonl"), StandardCharsets.UTF_8);
            String last = lines.get(lines.size() - 1);
            lines.set(lines.size() - 1, last.substring(0, last.length() / 2)); // the exit snapshot, cut off
            Path file = dir.resolve("killed-" + jdk + ".jsonl");
            Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
            Object expected = lastSection(lines, "sites");
            for (RunColumns run : List.of(readMostlyLight(file), readInFull(file))) {
                assertTrue(run.truncatedLastLine(), jdk);
                assertEquals(expected, run.tail().sites(), jdk + ": the line before the cut-off one, read light or not");
                assertFalse(run.tail().endsAtExit(), jdk + ": the exit snapshot was not written whole");
            }
        }
    }

    @Test
    void theLatestCompilationsComeFromTheLastLineThatReadThem() throws IOException {
        Path file = ColumnarReaderTest.fixture("CompilerArenas-memstat-25.jsonl");
        Object expected = lastSection(Files.readAllLines(file, StandardCharsets.UTF_8), "compilerMemory");
        assertNotNull(expected, "the recorded run read Compiler.memory");
        assertEquals(expected, readMostlyLight(file).tail().compilerMemory());
        assertEquals(expected, readInFull(file).tail().compilerMemory());
    }

    @Test
    void aRunWithoutSiteTrackingHasNone() throws IOException {
        RunColumns run = readMostlyLight(ColumnarReaderTest.fixture("SteadyState-17.jsonl"));
        assertNull(run.tail().sites());
        assertNull(run.tail().compilerMemory());
        assertFalse(run.tail().endsAtExit(), "SteadyState was stopped by the harness, not at exit");
    }
}
