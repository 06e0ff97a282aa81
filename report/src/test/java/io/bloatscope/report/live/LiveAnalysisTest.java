package io.bloatscope.report.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.ColumnarReader;
import io.bloatscope.report.read.RunColumns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The live metrics say what a report of the same snapshots says: every recorded run is fed line by
 * line through {@link LiveAnalysis}, as the agent's metrics thread does, and the exposition's ledger
 * and verdict confidences are compared with the report engine run on the file.
 */
class LiveAnalysisTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);

    static Stream<String> runs() throws IOException, URISyntaxException {
        Path dir = Path.of(LiveAnalysisTest.class.getResource("/runs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted().toList().stream();
        }
    }

    private static Path run(String name) throws URISyntaxException {
        return Path.of(LiveAnalysisTest.class.getResource("/runs/" + name).toURI());
    }

    /** Metric name plus labels as written (e.g. {@code bloatscope_ledger_bytes{part="java_heap"}}) to value. */
    static Map<String, Double> samples(LiveExposition exposition, String accept) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exposition.write(accept, out);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(out.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            samples.put(m.group(1) + (m.group(2) == null ? "" : "{" + m.group(2) + "}"), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static LiveExposition feed(Path file, LiveAnalysis live) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        live.configure(lines.get(0), file, lines.size());
        LiveExposition last = null;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"header\"")) {
                continue;
            }
            LiveExposition next = (LiveExposition) live.add(lines.get(i).getBytes(StandardCharsets.UTF_8),
                    i == lines.size() - 1);
            if (next != null) {
                last = next;
            }
        }
        return last;
    }

    @ParameterizedTest
    @MethodSource("runs")
    void ledgerAndVerdictAreTheReportsOfTheSameSnapshots(String name) throws Exception {
        Path file = run(name);
        Map<String, Double> live = samples(feed(file, new LiveAnalysis()), null);
        Diagnosis report = Diagnoser.diagnose(file);

        long parts = 0;
        for (LedgerPart part : LedgerPart.values()) {
            String key = "bloatscope_ledger_bytes{part=\"" + part.name().toLowerCase(Locale.ROOT) + "\"}";
            assertEquals((double) report.latest.bytes(part), live.get(key), key);
            parts += report.latest.bytes(part);
        }
        assertEquals((double) report.latest.rssBytes, live.get("process_resident_memory_bytes"));
        // Exactly, but for the report's own rounding where it scales NMT's parts down to fit RSS (one byte a part).
        assertEquals(report.latest.rssBytes, parts, LedgerPart.values().length, "the parts add up to RSS in " + name);

        Map<VerdictKind, Double> expected = new EnumMap<>(VerdictKind.class);
        for (Verdict v : report.verdicts) {
            expected.merge(v.kind, v.confidence, Math::max);
        }
        for (VerdictKind kind : VerdictKind.values()) {
            assertEquals(expected.getOrDefault(kind, 0.0), live.get("bloatscope_verdict_confidence{kind=\"" + kind + "\"}"),
                    1e-9, kind + " in " + name + ": report " + report.verdicts.get(0).kind);
        }
    }

    @Test
    void noVerdictBeforeTheFirstEvaluationAndItsCostIsShown() throws Exception {
        Path file = run("UnsafeNativeLeak-25.jsonl");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        LiveAnalysis live = new LiveAnalysis();
        live.configure(lines.get(0), file, 3600);
        Map<String, Double> first = samples((LiveExposition) live.add(lines.get(1).getBytes(StandardCharsets.UTF_8),
                false), null);
        assertNull(first.get("bloatscope_verdict_confidence{kind=\"HEALTHY\"}"), "no verdict is invented");
        assertEquals(0.0, first.get("bloatscope_verdict_evaluations_total"));
        Map<String, Double> last = samples(feed(file, live), "application/openmetrics-text; version=1.0.0");
        assertEquals(1.0, last.get("bloatscope_verdict_evaluations_total"));
        assertTrue(last.get("bloatscope_verdict_evaluation_cpu_seconds") >= 0);
        assertTrue(last.get("bloatscope_verdict_window_snapshots") > 10);
        assertTrue(last.get("bloatscope_verdict_confidence{kind=\"NATIVE_LEAK\"}") >= 0.5);
    }

    @Test
    void aHeaderOrBrokenLineGivesNoExposition() {
        LiveAnalysis live = new LiveAnalysis();
        live.configure("{\"type\":\"header\",\"schema\":1}", Path.of("nowhere.jsonl"), 10);
        assertNull(live.add("{\"type\":\"header\",\"schema\":1}".getBytes(StandardCharsets.UTF_8), true));
        assertNull(live.add("{\"type\":\"snapshot\",\"timeMillis\":1,\"process\":{".getBytes(StandardCharsets.UTF_8), true));
        assertNotNull(live.add("{\"type\":\"snapshot\",\"timeMillis\":1,\"process\":{\"vmRssBytes\":1048576}}"
                .getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void siteLabelsArePrintableAndCapped() {
        assertEquals("a b", LiveAnalysis.label("a\nb"));
        String cut = LiveAnalysis.label("x".repeat(500));
        assertEquals(LiveAnalysis.MAX_SITE_CHARS, cut.length());
        assertTrue(cut.endsWith("..."));
    }
}
