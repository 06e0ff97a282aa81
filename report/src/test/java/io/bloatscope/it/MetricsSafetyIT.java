package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint never hurts the application nor the rest of the agent: a bad value is one
 * line naming the option and what it accepts (the agent does not start, the app does); a port in use
 * or a host that does not resolve is one line, metrics are off and sampling goes on. {@code attach}
 * turns metrics on in a running JVM and {@code stop} closes the port. No Prometheus needed.
 */
class MetricsSafetyIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("metrics-safety");

    private static List<String> agentLines(ForkedApp app) throws IOException {
        return app.stderr().lines().filter(line -> line.contains("bloatscope")).collect(Collectors.toList());
    }

    private static void assertRanNormally(ForkedApp app) throws Exception {
        assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
        assertTrue(app.stdout().contains("DONE"), app.describe());
        assertFalse(app.stderr().contains("\tat "), "no stack trace may reach the user\n" + app.describe());
    }

    private static void assertBadValue(String options, String option, String accepted) throws Exception {
        Path out = DIR.resolve("bad.jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + out + "," + options).args("--seconds", "1")
                .start(DIR)) {
            assertRanNormally(app);
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app.describe());
            assertTrue(lines.get(0).contains("'" + option + "'") && lines.get(0).contains(accepted), lines.get(0));
            assertFalse(Files.exists(out), "the agent must not start");
        }
    }

    @Test
    void badMetricsValueIsOneLineNamingItAndWhatItAccepts() throws Exception {
        assertBadValue("metrics=banana", "metrics", "host:port such as 0.0.0.0:9400");
        assertBadValue("metrics=127.0.0.1:99999", "metrics", "port 0 picks a free one");
        assertBadValue("liveVerdict=5s", "liveVerdict", "at least 10s");
    }

    /** Sampling and its file go on as without metrics; the error names the address and why. */
    private static void assertMetricsOffSamplingOn(String metrics, String why) throws Exception {
        Path out = DIR.resolve("off-" + Math.abs(metrics.hashCode()) + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").agent("out=" + out + ",interval=200ms,metrics=" + metrics)
                .args("--seconds", "2").start(DIR)) {
            assertRanNormally(app);
            List<String> errors = agentLines(app).stream().filter(l -> l.contains("ERROR")).collect(Collectors.toList());
            assertEquals(1, errors.size(), app.describe());
            assertTrue(errors.get(0).contains("cannot serve metrics on " + metrics) && errors.get(0).contains(why)
                    && errors.get(0).contains("sampling goes on"), errors.get(0));
            assertTrue(Runs.read(out).snapshots().size() >= 5, "sampling went on: " + out);
        }
    }

    @Test
    void portInUseIsOneLineAndSamplingGoesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertMetricsOffSamplingOn("127.0.0.1:" + taken.getLocalPort(), "Address already in use");
        }
    }

    @Test
    void unknownHostIsOneLineAndSamplingGoesOn() throws Exception {
        assertMetricsOffSamplingOn("no-such-host.invalid:0", "unknown host");
    }

    @Test
    void attachTurnsMetricsOnAndStopClosesThePort() throws Exception {
        Path out = DIR.resolve("attached.jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("SteadyState").args("--seconds", "60").start(DIR)) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            String pid = Long.toString(app.pid());
            Cli on = Cli.run("attach", pid, "out=" + out + ",interval=200ms,metrics=127.0.0.1:0");
            assertEquals(0, on.exitCode, on.toString());
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics")
                    .matcher(on.stdout);
            assertTrue(port.find(), "attach says where metrics are served: " + on);
            int served = Integer.parseInt(port.group(1));
            HttpResponse<String> scrape = null;
            for (int i = 0; i < 50 && (scrape == null || scrape.statusCode() != 200); i++) {
                Thread.sleep(100);
                scrape = MetricsIT.get(served, "/metrics", null);
            }
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.body().contains("bloatscope_ledger_bytes{part=\"java_heap\"}"), scrape.body());

            Cli again = Cli.run("attach", pid, "out=" + out + ",interval=300ms,metrics=127.0.0.1:" + served);
            assertTrue(again.stdout.contains("restarted (options not named are back to their defaults)")
                    && again.stdout.contains("metrics on http://127.0.0.1:" + served), again.toString());

            Cli stop = Cli.run("attach", pid, "stop");
            assertEquals(0, stop.exitCode, stop.toString());
            assertThrows(IOException.class, () -> MetricsIT.get(served, "/metrics", null), "stop closes the port");
        }
    }
}
