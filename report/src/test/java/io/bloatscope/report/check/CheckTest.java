package io.bloatscope.report.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code check} on real captured runs (report/src/test/resources/runs) and on hand-built diagnoses. */
class CheckTest {
    private static final double MB = 1 << 20;

    private static Path run(String name) throws Exception {
        return Path.of(CheckTest.class.getResource("/runs/" + name + ".jsonl").toURI());
    }

    private static CheckReport check(String runName) throws Exception {
        return check(runName, limits -> limits);
    }

    private static CheckReport check(String runName, UnaryOperator<CheckLimits.Builder> options) throws Exception {
        CheckLimits limits = options.apply(CheckLimits.builder(run(runName))).build();
        Diagnosis baseline = limits.baseline == null ? null : Diagnoser.diagnose(limits.baseline);
        return new CheckReport(runName, Check.evaluate(limits, Diagnoser.diagnose(limits.run), baseline));
    }

    @Test
    void aLeakFailsByDefaultWithEvidence() throws Exception {
        CheckReport report = check("DirectBufferLeak-liveSet2s-17");
        assertFalse(report.passed());
        CheckOutcome failed = report.outcomes.stream().filter(o -> !o.passed).findFirst().orElseThrow();
        assertEquals("DIRECT_BUFFER_LEAK", failed.name);
        assertTrue(failed.summary.contains("confidence"), failed.summary);
        assertTrue(failed.details.stream().anyMatch(d -> d.startsWith("evidence ")), failed.details.toString());
        assertTrue(report.text().contains("FAIL DIRECT_BUFFER_LEAK"), report.text());
    }

    @Test
    void aHealthyRunPassesByDefault() throws Exception {
        CheckReport report = check("Sawtooth-25");
        assertTrue(report.passed(), report.text());
        assertEquals(CheckLimits.LEAKS.size(), report.outcomes.size(), "one outcome per leak kind");
    }

    @Test
    void aRunWhoseHeapWasNeverJudgedDoesNotPass() throws Exception {
        // 8 s, a 256 MB heap: the old generation grew after young collections and no old
        // collection came to tell promoted garbage from a leak
        CheckReport report = check("SteadyState-17");
        assertEquals(CheckStatus.INCONCLUSIVE, report.status(), report.text());
        assertTrue(report.text().contains("JAVA_HEAP"), report.text());
    }

    @Test
    void bloatFailsOnlyWhenAskedFor() throws Exception {
        assertTrue(check("MallocBloat-17").passed(), "bloat is not a leak");
        assertFalse(check("MallocBloat-17", limits -> limits.failOn("MALLOC_BLOAT")).passed());
    }

    @Test
    void absoluteLimitsSayByHowMuch() throws Exception {
        CheckReport report = check("SteadyState-17", limits -> limits.maxRss("64MB").maxHeapGrowth("1GB/min"));
        CheckOutcome rss = report.outcomes.stream().filter(o -> o.name.equals("max-rss")).findFirst().orElseThrow();
        assertFalse(rss.passed);
        assertTrue(rss.summary.contains("limit 64.0 MB") && rss.summary.contains("over by"), rss.summary);
        assertTrue(report.outcomes.stream().filter(o -> o.name.equals("max-heap-growth")).allMatch(o -> o.passed));
    }

    @Test
    void nativeGrowthLimitCatchesAnUntrackedLeak() throws Exception {
        CheckReport report = check("InflaterLeak-17", limits -> limits.failOn("HEAP_LEAK").maxNativeGrowth("1MB/min"));
        CheckOutcome growth = report.outcomes.stream().filter(o -> o.name.equals("max-native-growth"))
                .findFirst().orElseThrow();
        assertFalse(growth.passed, growth.summary);
    }

    @Test
    void aRunMatchesItsOwnBaselineAndABloatedOneDoesNot() throws Exception {
        Path steady = run("Sawtooth-25");
        assertTrue(check("Sawtooth-25", limits -> limits.baseline(steady)).passed());
        CheckReport worse = check("MallocBloat-17", limits -> limits.failOn("HEAP_LEAK").baseline(steady));
        assertFalse(worse.passed());
        assertTrue(worse.outcomes.stream().anyMatch(o -> o.name.equals("baseline-peak-rss") && !o.passed),
                worse.text());
    }

    @Test
    void junitXmlIsWellFormedWithOneCasePerLimitOrVerdict() throws Exception {
        CheckReport report = check("DirectBufferLeak-liveSet2s-17", limits -> limits.maxRss("8GB"));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(report.junitXml().getBytes(StandardCharsets.UTF_8)));
        assertEquals(report.outcomes.size(), xml.getElementsByTagName("testcase").getLength());
        assertEquals(1, xml.getElementsByTagName("failure").getLength());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        String markdown = report.markdown();
        assertTrue(markdown.contains("| ❌ | `DIRECT_BUFFER_LEAK` |") && markdown.contains("<details>"), markdown);
    }

    @Test
    void badValuesSayWhatTheOptionAccepts() {
        CheckLimits.Builder limits = CheckLimits.builder(Path.of("r.jsonl"));
        assertEquals(CheckLimits.SIZE, assertThrows(IllegalArgumentException.class, () -> limits.maxRss("lots")).getMessage());
        assertEquals(CheckLimits.RATE, assertThrows(IllegalArgumentException.class, () -> limits.maxHeapGrowth("1MB")).getMessage());
        assertEquals(CheckLimits.TOLERANCE, assertThrows(IllegalArgumentException.class, () -> limits.tolerance("150%")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits.failOn("X")).getMessage().contains("HEAP_LEAK"));
    }

    @Test
    void ratesAndSizesParseWithUnits() {
        assertEquals(MB, GrowthRate.parseBytesPerMinute("1MB/min"), 0.5);
        assertEquals(60 * 512 * 1024, GrowthRate.parseBytesPerMinute("512KB/s"), 0.5);
        assertEquals(100 * MB / 60, GrowthRate.parseBytesPerMinute("100MB/h"), 0.5);
        assertEquals(-1, GrowthRate.parseBytesPerMinute("1MB"));
        assertEquals(Set.of(VerdictKind.HEAP_LEAK, VerdictKind.MALLOC_BLOAT),
                CheckLimits.builder(Path.of("r")).failOn("heap_leak, MALLOC_BLOAT").build().failOn);
        assertEquals(0.15, CheckLimits.builder(Path.of("r")).tolerance("15%").build().tolerance, 1e-9);
    }

    // Hand-built diagnoses: what check decides for each kind of first verdict, whatever the engine does.

    private static final String HEAP_REASON = "no collection in the last 35 s";
    private static final String HEAP_STEP = "run with the agent option liveSet=exit";

    private static Verdict inconclusiveHeapAndMalloc() {
        return new Verdict(VerdictKind.INCONCLUSIVE, 0.6, "Heap used rose 45 MB with no collection after warm-up.",
                Map.of("heapUsedGrowthBytes", 45L << 20), List.of(), List.of(), List.of(), List.of("METASPACE"),
                List.of(new NotJudged(LedgerPart.JAVA_HEAP, HEAP_REASON, HEAP_STEP),
                        new NotJudged(LedgerPart.MALLOC_IN_USE, "2 smaps reads", "sample smaps more often (smaps=10s)")));
    }

    private static Verdict verdict(VerdictKind kind, double confidence) {
        return new Verdict(kind, confidence, kind + " summary", Map.of(),
                List.of(new Site("java.util.zip.Inflater.<init>(Inflater.java:1)", 300L << 20, Map.of())),
                List.of("call end()"), List.of());
    }

    /** A run with the given verdicts and one snapshot of 600 MB RSS. */
    private static Diagnosis handBuilt(Verdict... verdicts) {
        long[] parts = new long[LedgerPart.values().length];
        parts[LedgerPart.UNEXPLAINED.ordinal()] = 600L << 20;
        LedgerEntry entry = new LedgerEntry(1_700_000_000_000L, 600L << 20, parts);
        return new Diagnosis(List.of(verdicts), List.of(entry), entry, entry, Map.of(), Map.of(), List.of());
    }

    private static CheckReport check(Diagnosis run) {
        return check(run, limits -> limits);
    }

    private static CheckReport check(Diagnosis run, UnaryOperator<CheckLimits.Builder> options) {
        CheckLimits limits = options.apply(CheckLimits.builder(Path.of("run.jsonl"))).build();
        return new CheckReport("run.jsonl", Check.evaluate(limits, run, null));
    }

    @Test
    void aRunWhoseFirstVerdictIsInconclusiveIsInconclusiveAndSaysWhatToDo() {
        CheckReport report = check(handBuilt(inconclusiveHeapAndMalloc(), verdict(VerdictKind.HEAP_LEAK, 0.3)));
        assertEquals(CheckStatus.INCONCLUSIVE, report.status());
        assertFalse(report.passed());
        String text = report.text();
        List<String> lines = text.lines().toList();
        assertEquals("bloatscope check run.jsonl: INCONCLUSIVE (a part that matters could not be judged; exit 3)",
                lines.get(0));
        assertTrue(text.contains("  ???  INCONCLUSIVE JAVA_HEAP+MALLOC_IN_USE: Java heap (resident) not judged ("
                + HEAP_REASON + "): " + HEAP_STEP + "; malloc in use not judged (2 smaps reads): sample smaps"), text);
        assertTrue(text.contains("suspicion at confidence 0.60: Heap used rose 45 MB"), text);
        assertTrue(text.contains("--inconclusive pass"), text);
        assertTrue(text.contains("  ok   HEAP_LEAK: no HEAP_LEAK verdict (one at confidence 0.30"), "the leak kinds are still checked: " + text);
    }

    @Test
    void aFailedLimitWinsOverInconclusive() {
        CheckReport report = check(handBuilt(inconclusiveHeapAndMalloc()), limits -> limits.maxRss("512MB"));
        assertEquals(CheckStatus.FAILED, report.status());
        String first = report.text().lines().findFirst().orElseThrow();
        assertTrue(first.endsWith("FAILED (1 of 8; also inconclusive)"), first);
        assertTrue(report.text().contains("  ???  INCONCLUSIVE JAVA_HEAP+MALLOC_IN_USE: Java heap"), report.text());
    }

    @Test
    void inconclusivePassLetsTheRunThroughButSaysSo() throws Exception {
        CheckReport report = check(handBuilt(inconclusiveHeapAndMalloc()), limits -> limits.inconclusive("pass"));
        assertEquals(CheckStatus.PASSED, report.status());
        assertEquals("bloatscope check run.jsonl: PASSED, but inconclusive (let through by --inconclusive pass)",
                report.text().lines().findFirst().orElseThrow());
        assertTrue(report.text().contains("  skip INCONCLUSIVE JAVA_HEAP+MALLOC_IN_USE: Java heap (resident) not judged"),
                report.text());
        Document xml = parse(report.junitXml());
        assertEquals(0, xml.getElementsByTagName("failure").getLength());
        assertEquals("1", xml.getDocumentElement().getAttribute("skipped"));
        assertTrue(((Element) xml.getElementsByTagName("skipped").item(0)).getAttribute("message").contains(HEAP_STEP));
        assertTrue(report.markdown().contains("passed, **inconclusive**"), report.markdown());
    }

    @Test
    void junitXmlAndMarkdownReportAnInconclusiveRunAsAFailureNamingThePartsAndTheStep() throws Exception {
        CheckReport report = check(handBuilt(inconclusiveHeapAndMalloc()));
        Document xml = parse(report.junitXml());
        assertEquals("1", xml.getDocumentElement().getAttribute("failures"));
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("INCONCLUSIVE JAVA_HEAP+MALLOC_IN_USE", ((Element) failure.getParentNode()).getAttribute("name"));
        String message = failure.getAttribute("message");
        assertTrue(message.contains("Java heap (resident) not judged (" + HEAP_REASON + "): " + HEAP_STEP), message);
        assertTrue(message.contains("malloc in use not judged (2 smaps reads): sample smaps more often (smaps=10s)"), message);
        String markdown = report.markdown();
        assertTrue(markdown.startsWith("### bloatscope check: **inconclusive**"), markdown);
        assertTrue(markdown.contains("| ⚠️ | `INCONCLUSIVE JAVA_HEAP+MALLOC_IN_USE` | Java heap (resident) not judged"), markdown);
    }

    @Test
    void anInconclusiveVerdictBehindAJudgedFindingDoesNotDecide() {
        CheckReport report = check(handBuilt(inconclusiveHeapAndMalloc(), verdict(VerdictKind.MALLOC_BLOAT, 0.9)));
        assertEquals(CheckStatus.PASSED, report.status(), report.text());
        assertTrue(report.outcomes.stream().noneMatch(o -> o.inconclusive));
    }

    @Test
    void everyKindButInconclusiveCanBeNamedInFailOn() {
        Diagnosis churn = handBuilt(verdict(VerdictKind.NATIVE_CHURN, 0.8));
        assertEquals(CheckStatus.PASSED, check(churn).status(), "not a leak kind, so not failed by default");
        CheckReport report = check(churn, limits -> limits.failOn("native_churn,NATIVE_HELD"));
        assertEquals(CheckStatus.FAILED, report.status());
        assertTrue(report.text().contains("FAIL NATIVE_CHURN: NATIVE_CHURN at confidence 0.80"), report.text());
        assertTrue(report.text().contains("site java.util.zip.Inflater.<init>(Inflater.java:1): 300.0 MB"), report.text());

        IllegalArgumentException inconclusive = assertThrows(IllegalArgumentException.class,
                () -> CheckLimits.builder(Path.of("r")).failOn("HEAP_LEAK,INCONCLUSIVE"));
        assertTrue(inconclusive.getMessage().contains("--inconclusive fail|pass"), inconclusive.getMessage());
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> CheckLimits.builder(Path.of("r")).failOn("NATIVE_CHRUN")).getMessage();
        assertTrue(unknown.contains("'NATIVE_CHRUN'") && unknown.contains("NATIVE_CHURN,NATIVE_HELD")
                && !unknown.contains("INCONCLUSIVE") && !unknown.contains("HEALTHY"), unknown);
        String bad = assertThrows(IllegalArgumentException.class,
                () -> CheckLimits.builder(Path.of("r")).inconclusive("ignore")).getMessage();
        assertEquals("pass or fail", bad);
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
