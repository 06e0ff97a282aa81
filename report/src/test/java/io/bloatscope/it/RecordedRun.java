package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bloatscope.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A short run of a test app under the agent (snapshots every 250 ms, NMT summary) and its JSON report,
 * as the verdict ITs take them: the snapshot file is {@code <dir>/<name>-<jdk>.jsonl}, the app works in
 * {@code <dir>/<name>-<jdk>/}.
 */
final class RecordedRun {
    private RecordedRun() {
    }

    /** Runs the app to its end (exit status 0 within 90 s) and returns its snapshot file. */
    static Path record(Path dir, TargetJdk jdk, String name, ForkedApp.Builder app, String agentExtra) throws Exception {
        Path work = dir.resolve(name + "-" + jdk.feature);
        Path out = dir.resolve(name + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(work);
        Files.deleteIfExists(out);
        try (ForkedApp forked = app.on(jdk).agent("out=" + out + ",interval=250ms" + agentExtra)
                .jvm("-XX:NativeMemoryTracking=summary").start(work)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(90)), forked.describe());
        }
        return out;
    }

    /** {@code report <run> --format json}, parsed; the command must succeed. */
    static Map<String, Object> report(Path run) throws Exception {
        Cli report = Cli.run("report", run.toString(), "--format", "json");
        assertEquals(0, report.exitCode, report.toString());
        return Json.parseObject(report.stdout);
    }
}
