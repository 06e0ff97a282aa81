package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {

    private static String render(Diagnosis diagnosis) throws IOException {
        StringBuilder out = new StringBuilder();
        new HtmlRenderer().render(diagnosis, out);
        return out.toString();
    }

    @Test
    void escapesEveryStringFromTheTarget() throws IOException {
        String html = render(Diagnoses.bloat(30));
        assertFalse(html.contains("<script"), "no script element, escaped or injected");
        assertFalse(html.contains("alert(1)</"), "no closing tag from the hostile string");
        // The site frame, the fact (command line), the evidence value and key, the note, the remedy.
        assertTrue(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;") >= 6, html);
        assertTrue(html.contains("<td class=\"frame\">&lt;script&gt;alert(1)"), "site frame escaped");
        assertTrue(html.contains("com.example.Main &lt;script&gt;"), "fact escaped");
        assertFalse(html.contains("\u001b"), "control characters do not reach the page");
    }

    @Test
    void isSelfContained() throws IOException {
        String html = render(Diagnoses.bloat(30));
        assertFalse(html.contains("http://") || html.contains("https://"), "no absolute URL at all");
        assertFalse(Pattern.compile("\\s(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no src/href");
        assertFalse(html.contains("<link") || html.contains("@import") || html.contains("<script"));
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    }

    @Test
    void readsTopDownWithChartsAndTables() throws IOException {
        String html = render(Diagnoses.bloat(300));
        int headline = html.indexOf("Malloc bloat, not a leak: glibc keeps 480 MB");
        int ledgerChart = html.indexOf("<figure class=\"ledger-chart\"><svg");
        int seriesChart = html.indexOf("<figure class=\"series-chart\"><svg");
        int evidence = html.indexOf("<table class=\"evidence\">");
        int sites = html.indexOf("<h2>Top allocation sites</h2>");
        int facts = html.indexOf("<h2>The run</h2>");
        assertTrue(headline > 0 && headline < ledgerChart && ledgerChart < seriesChart && seriesChart < evidence
                && evidence < sites && sites < facts, "order: " + headline + " " + ledgerChart + " " + seriesChart
                + " " + evidence + " " + sites + " " + facts);
        assertEquals(2, count(html, "<figure class=\"series-chart\">"), "one chart per verdict's series");
        assertTrue(html.contains("class=\"part part-unexplained\" fill=\"url(#unexplained-hatch)\""));
        assertTrue(html.contains("No data for missing series."));
        assertTrue(html.contains(">600 MB</text>") || html.contains(">800 MB</text>"), "MB on the value axis");
        assertTrue(html.contains(">1m</text>") && html.contains(">4m</text>"), "time on the time axis");
        assertTrue(html.contains("<td>480.0 MB</td>") || html.contains("480.0 MB"), "evidence in MB");
        // Largest site first across verdicts.
        assertTrue(html.indexOf("com.example.Pool.grow") < html.indexOf("<td class=\"frame\">&lt;script"));
    }

    @Test
    void stacksPartsInLedgerOrder() throws IOException {
        String html = render(Diagnoses.bloat(30));
        int heap = html.indexOf("part-java_heap");
        int retained = html.indexOf("part-malloc_retained");
        int unexplained = html.indexOf("part-unexplained");
        assertTrue(heap > 0 && heap < retained && retained < unexplained);
    }

    @Test
    void aWeekAtOneSecondStaysSmall() throws IOException {
        Diagnosis week = Diagnoses.bloat(605_000);
        long start = System.nanoTime();
        String html = render(week);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(html.length() < 1_000_000, "605,000 snapshots gave " + html.length() + " chars");
        assertTrue(millis < 5_000, "rendering took " + millis + " ms");
        assertTrue(html.contains(">1d</text>") || html.contains(">2d</text>"), "days on the time axis");
    }

    @Test
    void oneSnapshotAndNoSnapshotRender() throws IOException {
        String one = render(Diagnoses.healthy(1));
        assertTrue(one.contains("<figure class=\"ledger-chart\"><svg"));
        String none = render(Diagnoses.healthy(0));
        assertTrue(none.contains("No snapshot in the file"));
    }

    @Test
    void inconclusiveVerdictsHaveTheirOwnStyleAndSayWhatWasNotJudged() throws IOException {
        String html = render(Diagnoses.inconclusive(60));
        assertTrue(html.contains("<section class=\"headline inconclusive\"><p>Inconclusive: Java heap (resident) "
                + "(no collection in the last 35 s) and malloc in use (2 smaps reads &lt;script&gt;"), html);
        assertTrue(html.contains("<p class=\"meta\">INCONCLUSIVE, suspicion 0.60"), html);
        assertTrue(html.contains("<p class=\"trim\">A malloc trim would give back about 120.0 MB now (80.0 MB–140.0 MB; "
                + "basis: malloc_info whole free pages).</p>"), html);
        assertTrue(html.contains("<article class=\"verdict inconclusive\">"), html);
        assertTrue(html.contains("<p class=\"judged\">Judged: Metaspace and class space, Code cache</p>"), html);
        assertTrue(html.contains("<h4>Not judged</h4><ul class=\"not-judged\"><li><b>Java heap (resident)</b>: no "
                + "collection in the last 35 s<br><span class=\"step\">Step: run with liveSet=exit</span></li>"), html);
        assertFalse(html.contains("<script"), "the hostile reason is escaped");
        assertTrue(html.indexOf("verdict inconclusive") < html.indexOf("NATIVE_CHURN</span></h3>"), "INCONCLUSIVE first");
    }

    @Test
    void topSitesNameTheSitesOfEveryVerdictWithTheVerdictTheyBack() throws IOException {
        String html = render(Diagnoses.inconclusive(60));
        int sites = html.indexOf("<h2>Top allocation sites</h2>");
        assertTrue(sites > 0 && html.indexOf("each with the verdict it backs", sites) > 0, html);
        assertTrue(html.indexOf("<tr><td class=\"frame\">" + Diagnoses.CHURN_SITE + "</td><td>540.0 MB</td><td>Native memory "
                + "released only by the GC <span class=\"kind\">NATIVE_CHURN</span></td>", sites) > 0, html);
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
