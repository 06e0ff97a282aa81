package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code attach} on a JVM started without the agent (so without NMT, the usual case): sampling
 * starts, a second attach does not start a second sampler, other options reconfigure and continue
 * the same file, {@code trim} runs a probe now, {@code stop} closes the file.
 */
class AttachIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("attach");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachReconfigureTrimAndStop(TargetJdk jdk) throws Exception {
        Path out = DIR.resolve("attached-" + jdk.feature + ".jsonl");
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").on(jdk).args("--seconds", "60").start(DIR)) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            String pid = Long.toString(app.pid());

            Cli list = Cli.run("list");
            assertTrue(list.stdout.lines().anyMatch(line -> line.startsWith(pid + " ")
                    && line.contains("SteadyState")), list.toString());

            String options = "out=" + out + ",interval=200ms";
            Cli first = Cli.run("attach", pid, options);
            assertEquals(0, first.exitCode, first.toString());
            assertTrue(first.stdout.contains("running") && first.stdout.contains(out.toString()), first.toString());
            Thread.sleep(1000);

            Cli again = Cli.run("attach", pid, options);
            assertEquals(0, again.exitCode, again.toString());
            assertTrue(again.stdout.contains("already running"), again.toString());

            Cli reconfigured = Cli.run("attach", pid, "out=" + out + ",interval=300ms");
            assertEquals(0, reconfigured.exitCode, reconfigured.toString());
            assertTrue(reconfigured.stdout.contains("interval=300ms"), reconfigured.toString());
            Thread.sleep(1000);

            Cli trim = Cli.run("attach", pid, "trim");
            assertEquals(0, trim.exitCode, trim.toString());
            assertTrue(trim.stdout.contains("released"), trim.toString());
            Thread.sleep(700);

            Cli status = Cli.run("attach", pid, "status");
            assertTrue(status.stdout.contains("running") && status.stdout.contains("interval=300ms"), status.toString());

            Cli stop = Cli.run("attach", pid, "stop");
            assertEquals(0, stop.exitCode, stop.toString());
            assertTrue(stop.stdout.contains("stopped"), stop.toString());
            long sizeAfterStop = Files.size(out);
            Thread.sleep(800);
            assertEquals(sizeAfterStop, Files.size(out), "no snapshot after stop");
            assertTrue(Cli.run("attach", pid, "status").stdout.contains("not running"));

            Cli bad = Cli.run("attach", pid, "interval=soon");
            assertEquals(2, bad.exitCode, bad.toString());
            assertTrue(bad.stderr.contains("'interval'") && bad.stderr.lines().count() == 1, bad.toString());
            assertTrue(app.process.isAlive(), "a bad option must not hurt the application");

            SnapshotRun run = SnapshotRun.read(out);
            assertEquals(2, run.headers().size(), "reconfiguring continues the same file with a new header");
            Object header = run.headers().get(0);
            assertEquals("off", Fields.get(header, "nmt.mode"), "attached JVMs have no NMT");
            assertTrue(String.valueOf(Fields.get(header, "nmt.hint")).contains("-XX:NativeMemoryTracking=summary"));
            assertTrue(run.snapshots().size() >= 6, "snapshots: " + run.snapshots().size());
            for (var snapshot : run.snapshots()) {
                assertNull(Fields.get(snapshot, "nmt"), "no NMT section without NMT");
                assertTrue(Runs.number(snapshot, "process.vmRssBytes") > 0);
                assertTrue(Runs.number(snapshot, "heap.committedBytes") > 0);
            }
            assertTrue(run.snapshots().stream().anyMatch(s -> Fields.get(s, "trim") != null),
                    "the on-demand trim probe is recorded in a snapshot");
            assertFalse(app.stderr().contains("\tat "), app.describe());
        }
    }
}
