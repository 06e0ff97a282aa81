package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Captures near a memory limit: UnsafeNativeLeak grows resident native memory at 40 MB/s to 320 MB
 * against {@code memoryLimit=400MB}; with {@code captureAt=50%+75%} the file gets exactly one
 * capture at each threshold (RSS crosses 200 MB and 300 MB once each), each with the figure, the
 * limit, the growth that led there and the complete snapshot of that moment, and the report lists
 * them in every format. A JVM killed with {@code kill -9} is reported as having ended abruptly, with
 * its last RSS against the limit; one that exits normally as {@code exit}. Bad values are one line
 * naming the option, and the application runs on.
 */
class CaptureIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("capture");
    private static final long LIMIT_BYTES = 400L << 20;

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static ForkedApp.Builder growing(TargetJdk jdk, Path out, String seconds) {
        return ForkedApp.app("UnsafeNativeLeak").on(jdk)
                .agent("out=" + out + ",interval=250ms,memoryLimit=400MB,captureAt=50%+75%")
                .jvm("-XX:NativeMemoryTracking=summary")
                .args("--rate", "640", "--block-bytes", "65536", "--max-mb", "320", "--seconds", seconds);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aCaptureAtEachThresholdWithTheEvidenceOfThatMoment(TargetJdk jdk) throws Exception {
        Files.createDirectories(DIR);
        Path out = DIR.resolve("growing-" + jdk.feature + ".jsonl");
        Files.deleteIfExists(out);
        try (ForkedApp app = growing(jdk, out, "10").start(DIR.resolve("growing"))) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
        }
        SnapshotRun run = SnapshotRun.read(out);
        assertEquals(List.of(), run.problems(), "a capture line is neither unknown nor a problem");
        List<Map<String, Object>> captures = run.captures();
        assertEquals(2, captures.size(), "one capture per threshold: " + thresholds(captures));
        assertEquals(List.of(0.5, 0.75), thresholds(captures));
        for (Map<String, Object> capture : captures) {
            double threshold = ((Number) capture.get("threshold")).doubleValue();
            assertEquals(LIMIT_BYTES, Fields.getLong(capture, "limitBytes", -1));
            assertEquals("memoryLimit", capture.get("limitSource"));
            assertEquals("rss", capture.get("usage"), "without a cgroup limit the figure is RSS");
            long usage = Fields.getLong(capture, "usageBytes", -1);
            assertTrue(usage >= threshold * LIMIT_BYTES && usage < LIMIT_BYTES, capture.toString());
            assertTrue(Fields.getLong(capture, "growth.bytesPerMinute", 0) > (200L << 20),
                    "it grew at about 2.4 GB/min: " + capture.get("growth"));
            assertTrue(Fields.getLong(capture, "threads.live", 0) > 0);
            assertTrue(Fields.getLong(capture, "threads.stackSizeBytes", 0) > 0);
            // The complete snapshot of that tick: smaps read whatever its cadence, NMT; the same
            // snapshot is in the run as a line of its own (the capture is not counted as one).
            Object snapshot = capture.get("snapshot");
            assertNotNull(snapshot, "the capture embeds its snapshot");
            assertEquals("snapshot", Fields.get(snapshot, "type"));
            assertEquals("capture", Fields.get(snapshot, "smaps.reason"));
            assertNotNull(Fields.get(snapshot, "nmt.totalCommittedBytes"));
            if (jdk.feature >= 18) {
                assertNotNull(Fields.get(snapshot, "mallocInfo.inUseBytes"));
            }
            long seq = Fields.getLong(capture, "seq", -1);
            assertTrue(run.snapshots().stream().anyMatch(s -> Fields.getLong(s, "seq", -2) == seq));
        }
        assertTrue(run.snapshots().stream().noneMatch(s -> "capture".equals(s.get("type"))));

        Cli json = Cli.run("report", out.toString(), "--format", "json");
        assertEquals(0, json.exitCode, json.toString());
        Map<String, Object> report = Json.parseObject(json.stdout);
        List<Object> reported = Fields.getList(report, "captures");
        assertEquals(2, reported.size(), json.stdout);
        assertEquals(0.75, ((Number) Fields.get(reported.get(1), "threshold")).doubleValue());
        assertEquals(LIMIT_BYTES, Fields.getLong(reported.get(1), "limitBytes", -1));
        assertTrue(Fields.getLong(reported.get(1), "growthBytesPerMinute", 0) > 0);
        assertTrue(Fields.getLong(reported.get(1), "evidence.rssBytes", 0) > 0);
        assertEquals("exit", Fields.get(report, "facts.ending"));
        assertFalse(json.stdout.contains("unknown type"), json.stdout);

        Cli text = Cli.run("report", out.toString());
        assertTrue(text.stdout.contains("Captures near the memory limit"), text.stdout);
        assertTrue(text.stdout.contains("75% of the 400.0 MB limit (memoryLimit)"), text.stdout);
        Path html = DIR.resolve("growing-" + jdk.feature + ".html");
        Cli page = Cli.run("report", out.toString(), "-o", html.toString());
        assertEquals(0, page.exitCode, page.toString());
        String written = Files.readString(html);
        assertEquals(2, written.split("<g class=\"capture\">", -1).length - 1, "both marked on the ledger chart");
    }

    @Test
    void aJvmKilledWithSigkillEndedAbruptlyWithItsLastRssAgainstTheLimit() throws Exception {
        Files.createDirectories(DIR);
        Path out = DIR.resolve("killed.jsonl");
        Files.deleteIfExists(out);
        try (ForkedApp app = growing(TargetJdk.current(), out, "0").start(DIR.resolve("killed"))) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            Thread.sleep(2_500);
            Cli running = Cli.run("report", out.toString(), "--format", "json");
            assertEquals("running", Fields.get(Json.parseObject(running.stdout), "facts.ending"), running.stdout);
            app.process.destroyForcibly(); // SIGKILL: no shutdown hook, no exit snapshot
            app.process.waitFor();
        }
        Thread.sleep(2_500); // longer than the 2 s (3 intervals, at least 2 s) after which a file is stale
        Cli json = Cli.run("report", out.toString(), "--format", "json");
        assertEquals(0, json.exitCode, json.toString());
        Map<String, Object> report = Json.parseObject(json.stdout);
        assertEquals("abrupt", Fields.get(report, "facts.ending"), json.stdout);
        assertEquals(LIMIT_BYTES, Fields.getLong(report, "facts.memoryLimitBytes", -1));
        String note = String.valueOf(Fields.getList(report, "notes").get(0));
        assertTrue(note.startsWith("The run ended abruptly (kill -9 or the OOM killer)"), note);
        assertTrue(note.contains("of the 400.0 MB memory limit"), note);
        Cli text = Cli.run("report", out.toString());
        assertTrue(text.stdout.contains("ended abruptly (kill -9 or the OOM killer)"), text.stdout);
        Cli md = Cli.run("report", out.toString(), "--format", "md");
        assertTrue(md.stdout.contains("ended abruptly (kill -9 or the OOM killer)"), md.stdout);
    }

    @Test
    void attachStopWritesALastSnapshotMarkedStopped() throws Exception {
        Files.createDirectories(DIR);
        Path out = DIR.resolve("stopped.jsonl");
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").args("--seconds", "60").start(DIR.resolve("stopped"))) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            String pid = Long.toString(app.pid());
            Cli on = Cli.run("attach", pid, "out=" + out + ",interval=200ms");
            assertEquals(0, on.exitCode, on.toString());
            Thread.sleep(800);
            Cli stop = Cli.run("attach", pid, "stop");
            assertEquals(0, stop.exitCode, stop.toString());
            List<Map<String, Object>> snapshots = SnapshotRun.read(out).snapshots();
            assertEquals(Boolean.TRUE, snapshots.get(snapshots.size() - 1).get("stopped"));
            Thread.sleep(2_500);
            Cli json = Cli.run("report", out.toString(), "--format", "json");
            assertEquals("stop", Fields.get(Json.parseObject(json.stdout), "facts.ending"), json.stdout);
        }
    }

    @Test
    void aBadMemoryLimitIsOneLineAndTheAppRuns() throws Exception {
        assertOneLine("memoryLimit=banana", "'memoryLimit'", "512MB");
    }

    @Test
    void aThresholdOf150PercentIsOneLineAndTheAppRuns() throws Exception {
        assertOneLine("captureAt=150%", "'captureAt'", "75%+90%");
    }

    private static void assertOneLine(String option, String naming, String example) throws Exception {
        Files.createDirectories(DIR);
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + DIR + "/bad-%p.jsonl," + option)
                .args("--seconds", "1").start(DIR.resolve("bad"))) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            assertTrue(app.stdout().contains("DONE"), app.describe());
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app.describe());
            assertTrue(lines.get(0).contains(naming) && lines.get(0).contains(example), lines.get(0));
            assertFalse(app.stderr().contains("\tat "), app.describe());
        }
    }

    private static List<String> agentLines(ForkedApp app) throws IOException {
        return app.stderr().lines().filter(line -> line.contains("bloatscope")).collect(Collectors.toList());
    }

    private static List<Double> thresholds(List<Map<String, Object>> captures) {
        List<Double> found = new ArrayList<>();
        for (Map<String, Object> capture : captures) {
            found.add(((Number) capture.get("threshold")).doubleValue());
        }
        return found;
    }
}
