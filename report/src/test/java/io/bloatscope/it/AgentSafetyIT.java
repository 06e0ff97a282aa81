package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent never hurts the application: bad options, an unwritable directory or a write failure
 * cost one line on standard error, and the application runs to its normal end all the same.
 */
class AgentSafetyIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("safety");

    private static List<String> agentLines(ForkedApp app) throws IOException {
        return app.stderr().lines().filter(line -> line.contains("bloatscope")).collect(Collectors.toList());
    }

    private static void assertRanNormally(ForkedApp app) throws Exception {
        assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
        assertTrue(app.stdout().contains("DONE"), app.describe());
        assertFalse(app.stderr().contains("\tat "), "no stack trace may reach the user\n" + app.describe());
    }

    @Test
    void badOptionIsOneLineNamingItAndTheAppRuns() throws Exception {
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + DIR + "/bad.jsonl,interval=fast")
                .args("--seconds", "1").start(DIR)) {
            assertRanNormally(app);
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app.describe());
            assertTrue(lines.get(0).contains("'interval'") && lines.get(0).contains("500ms"), lines.get(0));
            assertFalse(Files.exists(DIR.resolve("bad.jsonl")), "the agent must not start");
        }
    }

    @Test
    void unknownOptionIsOneLineListingTheOptions() throws Exception {
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("intervall=1s").args("--seconds", "1").start(DIR)) {
            assertRanNormally(app);
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app.describe());
            assertTrue(lines.get(0).contains("unknown option 'intervall'") && lines.get(0).contains("interval"),
                    lines.get(0));
        }
    }

    @Test
    void unwritableDirectoryIsOneLineAndTheAppRuns() throws Exception {
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=/nonexistent-dir/x-%p.jsonl,interval=200ms")
                .args("--seconds", "1").start(DIR)) {
            assertRanNormally(app);
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app.describe());
            assertTrue(lines.get(0).contains("/nonexistent-dir/x-" + app.pid() + ".jsonl"), lines.get(0));
        }
    }

    @Test
    void writeFailureMidRunStopsWritingWithOneLine() throws Exception {
        Path doomed = DIR.resolve("doomed");
        Files.createDirectories(doomed);
        // A tiny part size forces rotation within a second; the rotation fails once the directory is gone.
        try (ForkedApp app = ForkedApp.app("SteadyState")
                .agent("out=" + doomed + "/x.jsonl,interval=100ms,maxSize=8KB,maxFiles=2")
                .args("--seconds", "3").start(DIR)) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            Thread.sleep(300);
            try (var files = Files.list(doomed)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(doomed);
            assertRanNormally(app);
            List<String> errors = agentLines(app).stream().filter(line -> line.contains("ERROR"))
                    .collect(Collectors.toList());
            assertEquals(1, errors.size(), app.describe());
            assertTrue(errors.get(0).contains("cannot write snapshots"), errors.get(0));
        }
    }

    @Test
    void fileIsPrivateRotatedAndEveryPartStartsWithAHeader() throws Exception {
        Path dir = DIR.resolve("rotation");
        Files.createDirectories(dir);
        Path out = dir.resolve("r.jsonl");
        try (ForkedApp app = ForkedApp.app("SteadyState")
                .agent("out=" + out + ",interval=100ms,maxSize=16KB,maxFiles=3").args("--seconds", "3").start(DIR)) {
            assertRanNormally(app);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertTrue(Files.exists(dir.resolve("r.jsonl.1")) && Files.exists(dir.resolve("r.jsonl.2")));
        assertFalse(Files.exists(dir.resolve("r.jsonl.3")), "maxFiles=3 keeps three parts");
        for (String part : List.of("r.jsonl", "r.jsonl.1", "r.jsonl.2")) {
            Path file = dir.resolve(part);
            assertTrue(Files.size(file) <= 16 * 1024, part + " exceeds maxSize");
            assertTrue(Files.readAllLines(file).get(0).startsWith("{\"type\":\"header\""), part);
        }
        SnapshotRun run = SnapshotRun.read(out);
        assertEquals(List.of(), run.problems());
        List<Map<String, Object>> snapshots = run.snapshots();
        for (int i = 1; i < snapshots.size(); i++) {
            assertEquals(Fields.getLong(snapshots.get(i - 1), "seq", -1) + 1, Fields.getLong(snapshots.get(i), "seq", -1),
                    "parts are read oldest first with no line lost between them");
        }
    }

    @Test
    void lastSnapshotIsWrittenAtExit() throws Exception {
        Path out = DIR.resolve("final.jsonl");
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + out + ",interval=1m")
                .args("--seconds", "2").start(DIR)) {
            assertRanNormally(app);
        }
        List<Map<String, Object>> snapshots = SnapshotRun.read(out).snapshots();
        assertEquals(2, snapshots.size(), "the first tick and the one at exit");
        assertTrue(Fields.getLong(snapshots.get(1), "uptimeMillis", 0) >= 2000, "taken at exit, after the run");
    }

    @Test
    void samplingRunsOnOneDaemonThread() throws Exception {
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + DIR + "/t-%p.jsonl,interval=100ms")
                .args("--seconds", "20").start(DIR)) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            Thread.sleep(500);
            Path jcmd = TargetJdk.current().home.resolve("bin/jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(app.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String threads = new String(dump.getInputStream().readAllBytes());
            dump.waitFor();
            List<String> ours = threads.lines().filter(line -> line.startsWith("\"bloatscope"))
                    .collect(Collectors.toList());
            assertEquals(1, ours.size(), threads);
            assertTrue(ours.get(0).startsWith("\"bloatscope-sampler\"") && ours.get(0).contains(" daemon "), ours.get(0));
        }
    }

    /**
     * Native memory data without the platform MBean server: creating it loads some 700 classes
     * (about 5 MB of the target's RSS) and fixes the MBean server builder before the application
     * may have chosen its own; nor through the MBean's invoke, which describes every command first. Nor does the agent's reading of files leave a cached direct buffer
     * in the figures it reports.
     */
    @ParameterizedTest
    @MethodSource("io.bloatscope.it.TargetJdk#all")
    void readsNativeMemoryWithoutCreatingThePlatformMBeanServerOrADirectBuffer(TargetJdk jdk) throws Exception {
        Path out = DIR.resolve("no-mbean-server-" + jdk.feature + ".jsonl");
        Path classes = DIR.resolve("no-mbean-server-" + jdk.feature + ".classes");
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").on(jdk).agent("out=" + out + ",interval=200ms")
                .jvm("-XX:NativeMemoryTracking=summary", "-Xlog:class+load=info:file=" + classes.toAbsolutePath())
                .args("--seconds", "2").start(DIR)) {
            assertRanNormally(app);
        }
        List<Map<String, Object>> snapshots = SnapshotRun.read(out).snapshots();
        assertTrue(Fields.getLong(snapshots.get(snapshots.size() - 1), "nmt.totalCommittedBytes", -1) > 0,
                jdk + ": the NMT section comes from the diagnostic command");
        Map<?, ?> direct = Fields.find(snapshots.get(snapshots.size() - 1), "buffers", "name", "direct");
        assertEquals(0L, ((Number) direct.get("count")).longValue(),
                jdk + ": the app has no direct buffer, nor may the agent's own reads leave one: " + direct);
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("DiagnosticCommandImpl "), jdk + ": the diagnostic command MBean was used");
        // Its invoke() first builds its description of every command, which the benchmark
        // measured as a lasting 1-2 % on the application: the agent runs commands without it.
        assertFalse(loaded.contains("DiagnosticCommandImpl$OperationInfoComparator "),
                jdk + ": the agent had the MBean build its description of every command");
        assertFalse(loaded.contains("com.sun.jmx.mbeanserver.JmxMBeanServer "),
                jdk + ": the agent created the platform MBean server");
    }

    /**
     * An application that ends by returning from main() (no System.exit) must still end with
     * every tracker on: every thread the agent starts, JFR's included, has to be a daemon.
     */
    @ParameterizedTest
    @MethodSource("io.bloatscope.it.TargetJdk#all")
    void appWhoseMainReturnsStillExitsWithAllSiteTrackingOn(TargetJdk jdk) throws Exception {
        try (ForkedApp app = ForkedApp.app("OrderService").on(jdk)
                .agent("out=" + DIR + "/exit-%p.jsonl,interval=500ms,heapSites=on,nativeSites=on")
                .args("--requests", "300", "--warmup", "0", "--idle-millis", "3000").start(DIR)) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), jdk + "\n" + app.describe());
            assertTrue(app.stdout().contains("CPU work="), app.describe());
        }
    }
}
