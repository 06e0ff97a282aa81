package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.schema.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the agent of this build writes, not only what older agents wrote (SchemaTest's recorded
 * runs), matches docs/schema on every JDK: a run with every optional section the agent has on
 * (NMT, smaps, trim probes, the live set at exit, heap and native sites, captures near a memory
 * limit), each of its lines, and the report JSON made from it.
 */
class SchemaIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("schema");

    @ParameterizedTest
    @MethodSource("io.bloatscope.it.TargetJdk#all")
    void everyLineTheAgentWritesAndTheReportJsonMatchTheSchemas(TargetJdk jdk, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("everything-" + jdk.feature + ".jsonl");
        try (ForkedApp app = ForkedApp.app("UnsafeNativeLeak").on(jdk).jvm("-XX:NativeMemoryTracking=summary")
                .agent("out=" + out + ",interval=500ms,smaps=1s,trim=2s,liveSet=exit,heapSites=on,nativeSites=on"
                        + ",memoryLimit=400MB,captureAt=50%+75%")
                .args("--rate", "640", "--block-bytes", "65536", "--max-mb", "320", "--seconds", "6").start(DIR)) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
        }
        String written = Files.readString(out);
        for (String part : List.of("\"type\":\"header\"", "\"type\":\"snapshot\"", "\"type\":\"capture\"", "\"trim\":{",
                "\"liveSet\":{", "\"sites\":{\"native\":[", "\"smaps\":{", "\"nmt\":{")) {
            assertTrue(written.contains(part), jdk + " wrote no " + part + ": the run does not test what it should");
        }
        assertEquals(List.of(), Schemas.problemsOfSnapshotFile(out), jdk + ": " + out);
        Cli json = Cli.run("report", out.toString(), "--format", "json");
        assertEquals(0, json.exitCode, json.toString());
        assertEquals(List.of(), Schemas.problemsOfReport(json.stdout), json.stdout);
    }
}
