package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.read.Fields;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Live metrics as a fleet sees them: a leaking app runs under the real agent with
 * {@code metrics=127.0.0.1:0}, a real Prometheus scrapes it every second, and its query API shows
 * the ledger adding up to the RSS of a snapshot the agent wrote and the live NATIVE_LEAK verdict
 * rising past the alerting rule's bar; {@code promtool check metrics} accepts the payload.
 * Skipped with a message where Prometheus is not installed ({@code .ci/run} installs it).
 */
class MetricsIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("metrics");
    private static final Pattern SERVING = Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static int awaitPort(ForkedApp app) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(app.stderr());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent logged no metrics port\n" + app.describe());
    }

    static HttpResponse<String> get(int port, String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusSeesTheLedgerAddUpToRssAndTheLiveVerdictRiseOnANativeLeak() throws Exception {
        assumeTrue(PrometheusServer.installed(), "no " + PrometheusServer.PROMETHEUS + " or " + PrometheusServer.PROMTOOL
                + " (apt-get install prometheus): the live-metrics test against a real Prometheus is skipped");
        Path out = DIR.resolve("leak.jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        TargetJdk jdk = TargetJdk.other() != null ? TargetJdk.other() : TargetJdk.current(); // 25: malloc_info too
        try (ForkedApp app = ForkedApp.app("UnsafeNativeLeak").on(jdk).jvm("-XX:NativeMemoryTracking=summary")
                .agent("out=" + out + ",interval=500ms,metrics=127.0.0.1:0,liveVerdict=10s")
                .args("--seconds", "30", "--rate", "32").start(DIR)) {
            int port = awaitPort(app);
            try (PrometheusServer prometheus = PrometheusServer.scraping(port, DIR.resolve("prometheus"))) {
                List<Map<?, ?>> parts = awaitSeries(prometheus, "bloatscope_ledger_bytes", LedgerPart.values().length, 20, app);
                Set<String> names = new HashSet<>();
                for (Map<?, ?> part : parts) {
                    names.add(String.valueOf(((Map<?, ?>) part.get("metric")).get("part")));
                }
                // every ledger part of the report, by its JSON name in lower case
                Set<String> expected = new HashSet<>();
                for (LedgerPart part : LedgerPart.values()) {
                    expected.add(part.name().toLowerCase(java.util.Locale.ROOT));
                }
                assertEquals(expected, names);

                // The parts of one scrape add up to that scrape's RSS, which is the RSS of a snapshot the agent wrote.
                List<Map<?, ?>> both = prometheus.query(
                        "sum without (part) (bloatscope_ledger_bytes) or label_replace(process_resident_memory_bytes,"
                                + " \"rss\", \"1\", \"\", \"\")");
                double sum = Double.NaN;
                double rss = Double.NaN;
                for (Map<?, ?> series : both) {
                    if ("1".equals(((Map<?, ?>) series.get("metric")).get("rss"))) {
                        rss = PrometheusServer.value(series);
                    } else {
                        sum = PrometheusServer.value(series);
                    }
                }
                assertTrue(rss > 50e6, "RSS " + rss + " from " + both);
                assertEquals(rss, sum, rss * 0.01, "ledger parts summed against RSS in " + both);
                boolean snapshotRss = false;
                for (Map<String, Object> snapshot : Runs.read(out).snapshots()) {
                    snapshotRss |= Fields.getLong(snapshot, "process.vmRssBytes", -1) == (long) rss;
                }
                assertTrue(snapshotRss, "the scraped RSS " + (long) rss + " is the RSS of a snapshot in " + out);

                // The live verdict: absent until the first evaluation, then NATIVE_LEAK past the rule's bar.
                double confidence = awaitAtLeast(prometheus, "bloatscope_verdict_confidence{kind=\"NATIVE_LEAK\"}", 0.7,
                        30, app);
                double heap = PrometheusServer.value(
                        prometheus.query("bloatscope_verdict_confidence{kind=\"HEAP_LEAK\"}").get(0));
                assertTrue(heap < 0.5, "HEAP_LEAK " + heap + " beside NATIVE_LEAK " + confidence);
                assertTrue(!prometheus.query("bloatscope_verdict_evaluation_cpu_seconds < 1").isEmpty(),
                        "one live verdict costs well under a second of CPU");
            }
            // Exposition checks on the same endpoint, by hand.
            HttpResponse<String> text = get(port, "/metrics", null);
            assertEquals(200, text.statusCode());
            assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    text.headers().toString());
            Path payload = DIR.resolve("payload.prom");
            Files.writeString(payload, text.body());
            Process check = new ProcessBuilder(PrometheusServer.PROMTOOL.toString(), "check", "metrics")
                    .redirectInput(payload.toFile()).redirectErrorStream(true).start();
            String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics on " + payload + ":\n" + checked);

            HttpResponse<String> open = get(port, "/metrics", "application/openmetrics-text;version=1.0.0,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertTrue(open.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/openmetrics-text; version=1.0.0"), open.headers().toString());
            assertTrue(open.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            for (String secret : List.of("inputArguments", "-XX:NativeMemoryTracking", out.toString(), "liveVerdict")) {
                assertTrue(!text.body().contains(secret) && !open.body().contains(secret), "the payload shows " + secret);
            }
            assertEquals(404, get(port, "/", null).statusCode());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());

            // The endpoint's threads are daemons: the app ends by itself when its main thread does.
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
        }
    }

    /** The shipped alerting rules load, and their promtool unit tests (docs/prometheus) pass. */
    @Test
    void shippedAlertingRulesPassTheirPromtoolTests() throws Exception {
        assumeTrue(PrometheusServer.installed(), "no " + PrometheusServer.PROMTOOL
                + " (apt-get install prometheus): the alerting-rules test is skipped");
        Path rules = ForkedApp.AGENT_JAR.toAbsolutePath().getParent().getParent().resolve("docs/prometheus");
        for (List<String> command : List.of(List.of("check", "rules", "bloatscope-rules.yml"),
                List.of("test", "rules", "bloatscope-rules-test.yml"))) {
            List<String> full = new java.util.ArrayList<>(List.of(PrometheusServer.PROMTOOL.toString()));
            full.addAll(command);
            Process promtool = new ProcessBuilder(full).directory(rules.toFile()).redirectErrorStream(true).start();
            String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, promtool.waitFor(), "promtool " + String.join(" ", command) + ":\n" + output);
            assertTrue(output.contains("SUCCESS"), output);
        }
    }

    private static List<Map<?, ?>> awaitSeries(PrometheusServer prometheus, String query, int atLeast, int seconds,
            ForkedApp app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Map<?, ?>> result = List.of();
        while (System.nanoTime() < deadline) {
            result = prometheus.query(query);
            if (result.size() >= atLeast) {
                return result;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(query + ": " + result + " after " + seconds + " s\n" + app.describe()
                + "--- prometheus ---\n" + prometheus.log());
    }

    private static double awaitAtLeast(PrometheusServer prometheus, String query, double bar, int seconds,
            ForkedApp app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Map<?, ?>> result = List.of();
        while (System.nanoTime() < deadline) {
            result = prometheus.query(query);
            if (!result.isEmpty() && PrometheusServer.value(result.get(0)) >= bar) {
                return PrometheusServer.value(result.get(0));
            }
            Thread.sleep(500);
        }
        throw new AssertionError(query + " did not reach " + bar + " within " + seconds + " s: " + result + "\n"
                + app.describe());
    }
}
