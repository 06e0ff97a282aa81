package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.json.JsonWriter;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evidence rule, checked on every recorded run (the project's test apps on JDK 17 and 25):
 * <ul>
 * <li>properties: no verdict states what its own notes deny; HEALTHY only with every part that
 * matters judged; every finding names what it judged; a trim estimate in every diagnosis;
 * <li>metamorphic: taking evidence out of a run (smaps, malloc_info, NMT, the GC's counts, the
 * agent's sites) may lower a verdict's confidence or turn it into INCONCLUSIVE, never into a
 * different confident verdict.
 * </ul>
 */
class EvidenceRuleTest {
    @TempDir
    static Path tmp;

    static Stream<Path> runs() throws IOException, URISyntaxException {
        Path dir = Path.of(EvidenceRuleTest.class.getResource("/runs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void noVerdictOutrunsItsEvidence(Path run) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run);
        assertTrue(d.trimEstimate != null && d.trimEstimate.basis != null && !d.trimEstimate.basis.isBlank());
        for (Verdict v : d.verdicts) {
            for (NotJudged part : v.notJudged) {
                assertFalse(v.judged.contains(part.part), v.kind + " both judged and did not judge " + part.part);
                assertFalse(deniesGrowth(v.summary, part.part), v.kind + " says something does not grow while "
                        + part.part + " was not judged: " + v.summary);
            }
            if (v.kind != VerdictKind.INCONCLUSIVE && v.kind != VerdictKind.HEALTHY && v.confidence >= 0.5) {
                assertFalse(v.judged.isEmpty(), v.kind + " names no part it judged");
            }
        }
        Verdict first = d.verdicts.get(0);
        if (first.kind == VerdictKind.HEALTHY) {
            assertTrue(d.verdicts.size() == 1, "HEALTHY stands alone");
            assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.INCONCLUSIVE));
        }
        if (d.verdicts.stream().anyMatch(v -> v.kind == VerdictKind.INCONCLUSIVE)) {
            assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.HEALTHY), "never both");
        }
    }

    /** "live native memory does not grow" is a statement about malloc in use. */
    private static boolean deniesGrowth(String summary, String part) {
        String s = summary.toLowerCase(Locale.ROOT);
        if (!s.contains("does not grow") && !s.contains("stay flat") && !s.contains("nothing grows")) {
            return false;
        }
        switch (part) {
            case "MALLOC_IN_USE":
                return s.contains("native memory does not grow") || s.contains("nothing grows");
            case "JAVA_HEAP":
                return s.contains("heap") && s.contains("does not grow") || s.contains("nothing grows");
            default:
                return s.contains("nothing grows");
        }
    }

    static Stream<Arguments> degradedRuns() throws IOException, URISyntaxException {
        List<Arguments> cases = new ArrayList<>();
        for (Path run : runs().toList()) {
            // Sites are left out on purpose: they add a cause (NATIVE_CHURN names one), and without them
            // a churn too small to count as held memory can be healthy by every other measure.
            for (String evidence : List.of("smaps", "mallocInfo", "nmt", "gc", "liveSet", "jemalloc")) {
                cases.add(Arguments.of(run.getFileName().toString(), evidence));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("degradedRuns")
    void lessEvidenceNeverGivesADifferentConfidentVerdict(String name, String evidence) throws Exception {
        Path original = runs().filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        Path degraded = without(original, evidence);
        Verdict before = Diagnoser.diagnose(original).verdicts.get(0);
        Verdict after = Diagnoser.diagnose(degraded).verdicts.get(0);
        boolean same = after.kind == before.kind;
        boolean unsure = after.kind == VerdictKind.INCONCLUSIVE || after.confidence < 0.5;
        assertTrue(same || unsure, "without " + evidence + ": " + before.kind + " " + round(before.confidence) + " became "
                + after.kind + " " + round(after.confidence) + ": " + after.summary);
        if (same && after.kind != VerdictKind.INCONCLUSIVE && after.kind != VerdictKind.HEALTHY) {
            assertTrue(after.confidence <= before.confidence + 0.05, "without " + evidence + " " + before.kind
                    + " rose from " + round(before.confidence) + " to " + round(after.confidence));
        }
    }

    private static String round(double confidence) {
        return String.format(Locale.ROOT, "%.2f", confidence);
    }

    /** The run with one kind of evidence taken out of every line (the header says NMT was off for "nmt"). */
    private static Path without(Path run, String evidence) throws IOException {
        Consumer<Map<String, Object>> strip;
        if (evidence.equals("gc")) {
            strip = line -> {
                line.remove("gc");
                Object heap = line.get("heap");
                if (heap instanceof Map) {
                    dropAfterGc(heap);
                }
            };
        } else {
            strip = line -> line.remove(evidence);
        }
        List<String> out = new ArrayList<>();
        for (String text : Files.readAllLines(run, StandardCharsets.UTF_8)) {
            if (text.isBlank()) {
                continue;
            }
            Map<String, Object> line;
            try {
                line = new LinkedHashMap<>(Json.parseObject(text));
            } catch (RuntimeException truncated) {
                continue;
            }
            if ("header".equals(line.get("type"))) {
                if (evidence.equals("nmt")) {
                    line.put("nmt", Map.of("mode", "off"));
                }
            } else {
                strip.accept(line);
            }
            StringBuilder json = new StringBuilder();
            new JsonWriter(json, "").value(line);
            out.add(json.toString());
        }
        Path file = tmp.resolve(run.getFileName() + "-without-" + evidence + ".jsonl");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static void dropAfterGc(Object heap) {
        Map<String, Object> h = (Map<String, Object>) heap;
        h.remove("usedAfterGcBytes");
        Object pools = h.get("pools");
        if (pools instanceof List) {
            for (Object pool : (List<Object>) pools) {
                if (pool instanceof Map) {
                    ((Map<String, Object>) pool).remove("usedAfterGcBytes");
                }
            }
        }
    }
}
