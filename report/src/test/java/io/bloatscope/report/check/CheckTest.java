package io.bloatscope.report.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.VerdictKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code check} on real captured runs (report/src/test/resources/runs). */
class CheckTest {
    private static final double MB = 1 << 20;

    private static Path run(String name) throws Exception {
        return Path.of(CheckTest.class.getResource("/runs/" + name + ".jsonl").toURI());
    }

    private static CheckReport check(String runName, String... options) throws Exception {
        String[] args = new String[options.length + 1];
        args[0] = run(runName).toString();
        System.arraycopy(options, 0, args, 1, options.length);
        CheckLimits limits = CheckLimits.parse(args);
        Diagnosis baseline = limits.baseline == null ? null : Diagnoser.diagnose(limits.baseline);
        return new CheckReport(runName, Check.evaluate(limits, Diagnoser.diagnose(limits.run), baseline));
    }

    @Test
    void aLeakFailsByDefaultWithEvidence() throws Exception {
        CheckReport report = check("DirectBufferLeak-17");
        assertFalse(report.passed());
        CheckOutcome failed = report.outcomes.stream().filter(o -> !o.passed).findFirst().orElseThrow();
        assertEquals("DIRECT_BUFFER_LEAK", failed.name);
        assertTrue(failed.summary.contains("confidence"), failed.summary);
        assertTrue(failed.details.stream().anyMatch(d -> d.startsWith("evidence ")), failed.details.toString());
        assertTrue(report.text().contains("FAIL DIRECT_BUFFER_LEAK"), report.text());
    }

    @Test
    void aHealthyRunPassesByDefault() throws Exception {
        CheckReport report = check("SteadyState-17");
        assertTrue(report.passed(), report.text());
        assertEquals(CheckLimits.LEAKS.size(), report.outcomes.size(), "one outcome per leak kind");
    }

    @Test
    void bloatFailsOnlyWhenAskedFor() throws Exception {
        assertTrue(check("MallocBloat-17").passed(), "bloat is not a leak");
        assertFalse(check("MallocBloat-17", "--fail-on", "MALLOC_BLOAT").passed());
    }

    @Test
    void absoluteLimitsSayByHowMuch() throws Exception {
        CheckReport report = check("SteadyState-17", "--max-rss", "64MB", "--max-heap-growth", "1GB/min");
        CheckOutcome rss = report.outcomes.stream().filter(o -> o.name.equals("max-rss")).findFirst().orElseThrow();
        assertFalse(rss.passed);
        assertTrue(rss.summary.contains("limit 64.0 MB") && rss.summary.contains("over by"), rss.summary);
        assertTrue(report.outcomes.stream().filter(o -> o.name.equals("max-heap-growth")).allMatch(o -> o.passed));
    }

    @Test
    void nativeGrowthLimitCatchesAnUntrackedLeak() throws Exception {
        CheckReport report = check("InflaterLeak-17", "--fail-on", "HEAP_LEAK", "--max-native-growth", "1MB/min");
        CheckOutcome growth = report.outcomes.stream().filter(o -> o.name.equals("max-native-growth"))
                .findFirst().orElseThrow();
        assertFalse(growth.passed, growth.summary);
    }

    @Test
    void aRunMatchesItsOwnBaselineAndABloatedOneDoesNot() throws Exception {
        assertTrue(check("SteadyState-17", "--baseline", run("SteadyState-17").toString()).passed());
        CheckReport worse = check("MallocBloat-17", "--fail-on", "HEAP_LEAK", "--baseline",
                run("SteadyState-17").toString());
        assertFalse(worse.passed());
        assertTrue(worse.outcomes.stream().anyMatch(o -> o.name.equals("baseline-peak-rss") && !o.passed),
                worse.text());
    }

    @Test
    void junitXmlIsWellFormedWithOneCasePerLimitOrVerdict() throws Exception {
        CheckReport report = check("DirectBufferLeak-17", "--max-rss", "8GB");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(report.junitXml().getBytes(StandardCharsets.UTF_8)));
        assertEquals(report.outcomes.size(), xml.getElementsByTagName("testcase").getLength());
        assertEquals(1, xml.getElementsByTagName("failure").getLength());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        String markdown = report.markdown();
        assertTrue(markdown.contains("| ❌ | `DIRECT_BUFFER_LEAK` |") && markdown.contains("<details>"), markdown);
    }

    @Test
    void badArgumentsAreOneLineNamingThem() {
        for (List<String> args : List.of(List.of("r.jsonl", "--max-rss", "lots"), List.of("r.jsonl", "--max-heap-growth", "1MB"),
                List.of("r.jsonl", "--fail-on", "HEAP_LEAKS"), List.of("--max-rss", "1GB"), List.of("r.jsonl", "--colour", "red"),
                List.of("r.jsonl", "--tolerance", "150%"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckLimits.parse(args.toArray(new String[0])), args.toString());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckLimits.parse(new String[] {"r", "--fail-on", "X"}))
                .getMessage().contains("HEAP_LEAK"));
    }

    @Test
    void ratesAndSizesParseWithUnits() {
        assertEquals(MB, GrowthRate.parseBytesPerMinute("1MB/min"), 0.5);
        assertEquals(60 * 512 * 1024, GrowthRate.parseBytesPerMinute("512KB/s"), 0.5);
        assertEquals(100 * MB / 60, GrowthRate.parseBytesPerMinute("100MB/h"), 0.5);
        assertEquals(-1, GrowthRate.parseBytesPerMinute("1MB"));
        assertEquals(Set.of(VerdictKind.HEAP_LEAK, VerdictKind.MALLOC_BLOAT),
                CheckLimits.parse(new String[] {"r", "--fail-on", "heap_leak, MALLOC_BLOAT"}).failOn);
        assertEquals(0.15, CheckLimits.parse(new String[] {"r", "--tolerance", "15%"}).tolerance, 1e-9);
    }
}
