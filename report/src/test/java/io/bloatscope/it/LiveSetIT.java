package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code liveSet}: a full collection requested before a snapshot gives the live set itself: at exit
 * what HeapLeak's static list still holds, during the run SteadyState's cache of 32768 values of
 * 1 KB (about 40 MB), which its own young collections never show, and at its exit (main has
 * returned, the cache was a local) next to nothing. {@code -XX:+DisableExplicitGC} is said, not
 * papered over.
 */
class LiveSetIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("live-set");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static ForkedApp.Builder steady(TargetJdk jdk, Path out, String options) {
        return ForkedApp.app("SteadyState").on(jdk).agent("out=" + out + ",interval=250ms,smaps=off," + options)
                .args("--seconds", "5");
    }

    private static SnapshotRun run(ForkedApp.Builder app, Path out, String name) throws Exception {
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = app.start(DIR.resolve(name))) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(60)), forked.describe());
            SnapshotRun run = Runs.read(out);
            assertEquals(List.of(), run.problems());
            return run;
        }
    }

    private static List<Map<String, Object>> withLiveSet(SnapshotRun run) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> snapshot : run.snapshots()) {
            if (Fields.get(snapshot, "liveSet") != null) {
                found.add(snapshot);
            }
        }
        return found;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void exitMeasuresWhatAStaticLeakHoldsInTheExitSnapshotOnly(TargetJdk jdk) throws Exception {
        Path out = DIR.resolve("exit-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        long retainedOrders;
        try (ForkedApp forked = ForkedApp.app("HeapLeak").on(jdk)
                .agent("out=" + out + ",interval=250ms,smaps=off,liveSet=exit")
                .args("--seconds", "5", "--rate", "8000").start(DIR.resolve("exit-" + jdk.feature))) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(60)), forked.describe());
            java.util.regex.Matcher retained = java.util.regex.Pattern.compile("retainedOrders=(\\d+)")
                    .matcher(forked.stdout());
            assertTrue(retained.find(), forked.describe());
            retainedOrders = Long.parseLong(retained.group(1));
        }
        SnapshotRun run = Runs.read(out);
        assertEquals(List.of(), run.problems());
        List<Map<String, Object>> measured = withLiveSet(run);
        assertEquals(1, measured.size(), "one live set, at exit");
        Map<String, Object> exit = measured.get(0);
        assertEquals(Boolean.TRUE, exit.get("atExit"));
        assertEquals("exit", Fields.get(exit, "liveSet.reason"));
        long leakedBytes = retainedOrders * 1024;
        long liveBytes = Runs.number(exit, "liveSet.bytes");
        assertTrue(leakedBytes > 20L << 20, "the app leaked enough to see: " + leakedBytes);
        assertTrue(liveBytes >= leakedBytes && liveBytes < leakedBytes * 2 + (16L << 20),
                "the live set holds the leaked payloads (" + leakedBytes + " bytes) and little else: " + liveBytes);
        assertTrue(Runs.number(exit, "liveSet.gcMillis") < 5_000, "a small heap's full collection is quick");
        assertNull(Fields.get(exit, "liveSet.concurrent"), "G1 by default: a full stop-the-world collection");
    }

    @Test
    void anIntervalMeasuresAtMostOncePerIntervalAndAtExit() throws Exception {
        Path out = DIR.resolve("interval.jsonl");
        SnapshotRun run = run(steady(TargetJdk.current(), out, "liveSet=2s"), out, "interval");
        List<Map<String, Object>> measured = withLiveSet(run);
        long previousUptimeMillis = -1;
        int intervals = 0;
        for (Map<String, Object> snapshot : measured) {
            if ("interval".equals(Fields.get(snapshot, "liveSet.reason"))) {
                intervals++;
                long uptime = Runs.number(snapshot, "uptimeMillis");
                assertTrue(previousUptimeMillis < 0 || uptime - previousUptimeMillis >= 1_500, "spacing " + measured);
                previousUptimeMillis = uptime;
            }
        }
        assertTrue(intervals >= 2 && intervals <= 3, "a 5 s run, every 2 s: " + measured);
        for (Map<String, Object> snapshot : measured.subList(0, intervals)) {
            long liveBytes = Runs.number(snapshot, "liveSet.bytes");
            assertTrue(liveBytes > 32L << 20 && liveBytes < 80L << 20, "the cache, about 40 MB: " + liveBytes);
        }
        Map<String, Object> exit = measured.get(measured.size() - 1);
        assertEquals("exit", Fields.get(exit, "liveSet.reason"));
        assertTrue(Runs.number(exit, "liveSet.bytes") < 16L << 20, "main returned: the cache is garbage at exit");
    }

    @Test
    void disableExplicitGcIsRecordedAsSkippedWithOneWarning() throws Exception {
        Path out = DIR.resolve("disabled.jsonl");
        ForkedApp.Builder app = steady(TargetJdk.current(), out, "liveSet=1s").jvm("-XX:+DisableExplicitGC");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = app.start(DIR.resolve("disabled"))) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(60)), forked.describe());
            assertEquals(1, forked.stderr().lines().filter(line -> line.contains("DisableExplicitGC")).count(),
                    forked.describe());
        }
        List<Map<String, Object>> measured = withLiveSet(Runs.read(out));
        assertTrue(measured.size() >= 3, "every request is recorded: " + measured.size());
        for (Map<String, Object> snapshot : measured) {
            assertEquals("-XX:+DisableExplicitGC", Fields.get(snapshot, "liveSet.skipped"));
            assertNull(Fields.get(snapshot, "liveSet.bytes"), "no live set claimed");
        }
    }
}
