package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextAndMarkdownRendererTest {

    private static String render(Renderer renderer, Diagnosis diagnosis) throws IOException {
        StringBuilder out = new StringBuilder();
        renderer.render(diagnosis, out);
        return out.toString();
    }

    @Test
    void textOpensWithTheHeadlineAndShowsHumanUnits() throws IOException {
        String text = render(new TextRenderer(), Diagnoses.bloat(600));
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("bloatscope report: com.example.Main"), lines.get(0));
        assertTrue(lines.get(2).startsWith("Malloc bloat, not a leak: glibc keeps 480 MB"), lines.get(2));
        assertRow(text, "retained", "480.0 MB");
        assertRow(text, "trim would release", "345.0 MB");
        assertRow(text, "arena count", "9");
        assertRow(text, "growth", "1.5 MB/min");
        assertRow(text, "window", "10.0 min");
        assertTrue(text.contains("300.0 MB  com.example.Pool.grow(Pool.java:42)"), text);
        assertTrue(text.contains("- Set MALLOC_ARENA_MAX=2"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  Unexplained +25\\.0 MB +3\\.0% +25\\.0 MB +3\\.0%")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  RSS +824\\.0 MB +100\\.0% +.*")), text);
        assertRow(text, "containerLimitBytes", "unlimited");
    }

    private static void assertRow(String text, String label, String value) {
        assertTrue(text.lines().anyMatch(l -> l.matches(" +" + java.util.regex.Pattern.quote(label) + " +"
                + java.util.regex.Pattern.quote(value))), label + " " + value + " in\n" + text);
    }

    @Test
    void textNeverSendsControlCharactersToTheTerminal() throws IOException {
        String text = render(new TextRenderer(), Diagnoses.bloat(3));
        assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control characters");
        assertTrue(text.contains("\\u001b[31m"), "shown escaped");
    }

    @Test
    void textForAHealthyRunSaysWhereTheMemoryIs() throws IOException {
        String headline = render(new TextRenderer(), Diagnoses.healthy(10)).lines().toList().get(2);
        assertTrue(headline.startsWith("Healthy: Nothing grows after warm-up. RSS "), headline);
        assertTrue(headline.contains("unexplained 25.0 MB"), headline);
    }

    @Test
    void markdownHasTablesAndEscapesTargetStrings() throws IOException {
        String md = render(new MarkdownRenderer(), Diagnoses.bloat(60));
        assertTrue(md.contains("| `MALLOC_BLOAT` | 0.90 |"), md);
        assertTrue(md.contains("| retained | 480.0 MB |"), md);
        assertTrue(md.contains("| part | latest | share | peak | share |"), md);
        assertFalse(md.contains("<script"), md);
        assertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;\\|\\*\\_\\`"), md);
        for (String row : md.lines().filter(l -> l.startsWith("|")).toList()) {
            long cells = row.replace("\\|", "").chars().filter(c -> c == '|').count();
            assertTrue(cells >= 3, "a hostile | cannot split a cell: " + row);
        }
    }

    @Test
    void emptyRunsRenderInEveryFormat() throws IOException {
        for (Format format : Format.values()) {
            String out = render(Renderer.of(format), Diagnoses.healthy(0));
            assertFalse(out.isEmpty(), format.name);
        }
        assertEquals(Format.HTML, Format.ofFile(java.nio.file.Path.of("r.HTML")));
    }

    @Test
    void textSaysWhatWasNotJudgedTheTrimEstimateAndEveryVerdictsSites() throws IOException {
        String text = render(new TextRenderer(), Diagnoses.inconclusive(60));
        List<String> lines = text.lines().toList();
        assertEquals("Inconclusive: Java heap (resident) (no collection in the last 35 s) and malloc in use (2 smaps reads "
                + "<script>alert(1)</script>\"'&|*_`\\u001b[31m) could not be judged. Heap used rose 45 MB with no "
                + "collection after warm-up.", lines.get(2));
        assertEquals("A malloc trim would give back about 120.0 MB now (80.0 MB–140.0 MB; basis: malloc_info whole free pages).",
                lines.get(3));
        assertTrue(text.contains("  1. INCONCLUSIVE  suspicion 0.60\n"), text);
        assertTrue(text.contains("     Judged: Metaspace and class space, Code cache\n"), text);
        assertTrue(text.contains("     Not judged\n       Java heap (resident): no collection in the last 35 s\n"
                + "         step: run with liveSet=exit\n"), text);
        assertTrue(text.contains("  2. NATIVE_CHURN  confidence 0.40"), text);
        assertTrue(text.contains("540.0 MB  " + Diagnoses.CHURN_SITE), text);
        assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no control characters");
    }

    @Test
    void markdownSaysWhatWasNotJudgedTheTrimEstimateAndEveryVerdictsSites() throws IOException {
        String md = render(new MarkdownRenderer(), Diagnoses.inconclusive(60));
        assertTrue(md.contains("A malloc trim would give back about 120.0 MB now (80.0 MB–140.0 MB; basis: malloc\\_info"), md);
        assertTrue(md.contains("| `INCONCLUSIVE` | 0.60 (suspicion) |"), md);
        assertTrue(md.contains("### Inconclusive (`INCONCLUSIVE`, suspicion 0.60)"), md);
        assertTrue(md.contains("Judged: Metaspace and class space, Code cache"), md);
        assertTrue(md.contains("- **Java heap (resident)**: no collection in the last 35 s; step: run with liveSet=exit"), md);
        assertTrue(md.contains("- **malloc in use**: 2 smaps reads &lt;script&gt;"), md);
        assertFalse(md.contains("<script"), md);
        assertTrue(md.contains("### Native memory released only by the GC (`NATIVE_CHURN`, confidence 0.40)"), md);
        assertTrue(md.contains("| com.example.Decoder.decode(Decoder.java:77) | 540.0 MB |"), md);
        assertTrue(md.indexOf("`INCONCLUSIVE`") < md.indexOf("`NATIVE_CHURN`"), "INCONCLUSIVE before weaker findings");
    }

    @Test
    void aTrimEstimateThatIsUnknownSaysWhy() throws IOException {
        String text = render(new TextRenderer(), Diagnoses.bloat(10));
        assertEquals("What a malloc trim would give back is unknown: not estimated.", text.lines().toList().get(3));
    }
}
