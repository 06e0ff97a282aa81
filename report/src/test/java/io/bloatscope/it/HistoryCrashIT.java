package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import io.bloatscope.report.read.Fields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JVM killed with SIGKILL while the agent writes its history tiers leaves a history the report
 * reads whole: with {@code history=6s} at 100 ms (the default hour scaled down: tiers of 1 s and
 * 6 s spans; the 100 ms one has too few snapshots a span and is not written), the app is killed at
 * a random moment after 14 s. Every line of every exact part and tier file parses, except at most
 * the last line of a file; the report exits 0, says the run ended abruptly, and covers the run from
 * its first seconds although the exact parts hold only the last 6 to 7.5 s, with the capture near
 * the memory limit that the agent wrote at start-up.
 */
class HistoryCrashIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("history");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    @ParameterizedTest(name = "killed mid-run on {0}")
    @MethodSource("jdks")
    void aKilledJvmLeavesAReadableHistory(TargetJdk jdk) throws Exception {
        Path dir = DIR.resolve("killed-" + jdk.feature);
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (p.getFileName().toString().startsWith("run.jsonl")) {
                    Files.delete(p); // a previous run's parts and tiers
                }
            }
        }
        Path out = dir.resolve("run.jsonl");
        long startedMillis;
        try (ForkedApp app = ForkedApp.app("SteadyState").on(jdk)
                .agent("out=" + out + ",interval=100ms,history=6s,memoryLimit=400MB,captureAt=25%")
                .jvm("-XX:NativeMemoryTracking=summary")
                .args("--seconds", "0")
                .start(dir.resolve("app"))) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            startedMillis = System.currentTimeMillis();
            Thread.sleep(14_000 + ThreadLocalRandom.current().nextLong(1_000));
            app.process.destroyForcibly(); // SIGKILL: no shutdown hook, no last snapshot, maybe a line cut short
            app.process.waitFor();
        }

        List<String> files = new ArrayList<>();
        try (var written = Files.list(dir)) {
            for (Path p : (Iterable<Path>) written.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("run.jsonl")) {
                    files.add(name);
                    assertReadableButMaybeItsLastLine(p);
                }
            }
        }
        assertTrue(files.contains("run.jsonl.tier2") && files.contains("run.jsonl.tier3"), files.toString());
        assertFalse(files.contains("run.jsonl.tier1"), "a 100 ms span holds one snapshot: not written " + files);

        Thread.sleep(2_500); // past the staleness after which a file nobody writes counts as abandoned
        Cli json = Cli.run("report", out.toString(), "--format", "json");
        assertEquals(0, json.exitCode, json.toString());
        Map<String, Object> report = Json.parseObject(json.stdout);
        assertEquals("abrupt", Fields.get(report, "facts.ending"), json.stdout);
        long startMillis = Fields.getLong(report, "facts.startMillis", -1);
        long endMillis = Fields.getLong(report, "facts.endMillis", -1);
        assertTrue(endMillis - startMillis >= 12_000, "the report covers " + (endMillis - startMillis)
                + " ms of a run of at least 14 s, from " + files + "\n" + json.stdout);
        assertTrue(startMillis <= startedMillis + 2_000, "starts with the run, not with the exact window");
        assertTrue(Fields.getList(report, "facts.parts").toString().contains("run.jsonl.tier2"), json.stdout);
        assertFalse(json.stdout.contains("unreadable"), json.stdout);
        // the capture at start-up (a quarter of 400 MB is crossed at once) lies before the exact parts:
        // only the coarsest tier's copy of it is left
        List<Object> captures = Fields.getList(report, "captures");
        assertEquals(1, captures.size(), json.stdout);
        assertTrue(Fields.getLong(captures.get(0), "timeMillis", Long.MAX_VALUE) < endMillis - 8_000, json.stdout);
    }

    private static void assertReadableButMaybeItsLastLine(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            try {
                Json.parseObject(lines.get(i));
            } catch (JsonException broken) {
                assertEquals(lines.size() - 1, i, file.getFileName() + " line " + (i + 1) + " of " + lines.size()
                        + " unreadable: " + broken.getMessage());
            }
        }
    }
}
