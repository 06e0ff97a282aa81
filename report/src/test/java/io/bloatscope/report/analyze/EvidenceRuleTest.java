package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            // "nothing grows" is not said while a growth finding, however weak, says something does
            for (String note : d.notes) {
                assertFalse(note.matches("Below the bar: [A-Z_]*_LEAK at confidence 0\\.([3-9]|2[5-9]).*"),
                        "HEALTHY beside a growth finding below the bar: " + note);
            }
            // "no memory is held beyond its use" is not said of a heap far above its live set held for seconds
            if (first.summary.contains("no memory is held")) {
                assertFalse(first.evidence.containsKey("tooSoonToTell"), first.summary);
            }
            // parts left out are named, never vouched for as too small when no source measured them
            assertEquals(!first.notJudged.isEmpty(), first.summary.contains("Not judged"), first.summary);
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
        Path degraded = LessEvidence.without(original, evidence, tmp);
        Verdict before = Diagnoser.diagnose(original).verdicts.get(0);
        Verdict after = Diagnoser.diagnose(degraded).verdicts.get(0);
        // Malloc bloat whose freed memory came from a compiler peak, and that peak's own verdict, are one
        // finding seen from its effect and from its cause: without the figure that measures the effect
        // (malloc_info) the cause, measured by NMT, may lead.
        boolean sameFinding = before.kind == VerdictKind.MALLOC_BLOAT && after.kind == VerdictKind.JIT_COMPILER_MEMORY
                && String.valueOf(before.evidence.get("cause")).contains("JIT compiler's peak");
        boolean same = after.kind == before.kind || sameFinding;
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
}
