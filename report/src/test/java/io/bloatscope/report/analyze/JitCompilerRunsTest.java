package io.bloatscope.report.analyze;

import static io.bloatscope.report.analyze.RealRunsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.ColumnarReader;
import io.bloatscope.report.read.RunColumns;
import io.bloatscope.report.render.Format;
import io.bloatscope.report.render.Renderer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JIT compiler's memory on the recorded CompilerArenas runs (C2 compiling four generated
 * methods of 100 loops each beside a 20 MB heap; see the runs' README).
 */
class JitCompilerRunsTest {

    @ParameterizedTest
    @ValueSource(strings = {"CompilerArenas-17", "CompilerArenas-25", "CompilerArenas-memstat-25",
        "CompilerArenas-nmtPeak-17", "CompilerArenas-nmtPeak-25"})
    void aCompilerPeakThatStaysResidentIsNeverHealthy(String name) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertNotEquals(VerdictKind.HEALTHY, first.kind, first.summary);
        boolean named = first.kind == VerdictKind.JIT_COMPILER_MEMORY || first.summary.contains("JIT compiler's peak");
        assertTrue(named, "the first verdict names the compiler: " + first.kind + " " + first.summary);
        Verdict jit = find(d, VerdictKind.JIT_COMPILER_MEMORY);
        assertTrue(jit.summary.contains("peak of"), jit.summary);
        assertTrue(((Number) jit.evidence.get("compilerPeakBytes")).longValue() >= JitCompilerDetector.MIN_BYTES);
        assertEquals(java.util.List.of(LedgerPart.JIT_COMPILER.name()), jit.judged);
    }

    /**
     * Compilations that began and ended between two snapshots (200 ms apart): the snapshots saw at most
     * 17–44 MB of compiler memory, NMT's own high-water mark of the Compiler arenas 94 MB (17) and 85 MB
     * (25). The peak named is NMT's, and says so; with the sampled figure alone it fell below the
     * verdict's bar and the JDK 17 run's first verdict named nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CompilerArenas-nmtPeak-17", "CompilerArenas-nmtPeak-25"})
    void aPeakBetweenSnapshotsIsNmtsHighWaterMark(String name) throws IOException {
        RunColumns c = ColumnarReader.read(run(name));
        long sampled = 0;
        for (int row = 0; row < c.size(); row++) {
            sampled = Math.max(sampled, c.has(Column.NMT_JIT, row) ? c.get(Column.NMT_JIT, row) : 0);
        }
        Verdict jit = find(Diagnoser.diagnose(run(name)), VerdictKind.JIT_COMPILER_MEMORY);
        long peak = ((Number) jit.evidence.get("compilerPeakBytes")).longValue();
        assertTrue(peak > 80L << 20 && peak > sampled + (30L << 20), "NMT's peak " + peak + " against sampled " + sampled);
        assertTrue(String.valueOf(jit.evidence.get("basis")).contains("high-water mark"), String.valueOf(jit.evidence));
        assertTrue((Double) jit.evidence.get("compilerPeakShareOfRss") <= 1, "a share of RSS: " + jit.evidence);
    }

    @Test
    void jdk25BloatNamesTheCompilerPeakAsItsCause() throws IOException {
        Verdict bloat = Diagnoser.diagnose(run("CompilerArenas-25")).verdicts.get(0);
        assertEquals(VerdictKind.MALLOC_BLOAT, bloat.kind);
        assertTrue(bloat.summary.contains("the freed memory comes from the JIT compiler's peak of"), bloat.summary);
        assertTrue(bloat.remedies.stream().anyMatch(r -> r.contains("memlimit")), "JDK 25 can cap a compilation");
    }

    @Test
    void jdk17RemediesOfferWhatJdk17Has() throws IOException {
        Verdict jit = find(Diagnoser.diagnose(run("CompilerArenas-17")), VerdictKind.JIT_COMPILER_MEMORY);
        assertTrue(jit.remedies.stream().noneMatch(r -> r.contains("memlimit,")), "JDK 17 has no memlimit");
        assertTrue(jit.remedies.stream().anyMatch(r -> r.contains("jdk.Compilation")), String.join("\n", jit.remedies));
        assertTrue(jit.remedies.stream().anyMatch(r -> r.startsWith("Upgrading")));
    }

    @Test
    void withMemstatTheVerdictNamesTheCompiledMethods() throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("CompilerArenas-memstat-25"));
        Verdict jit = find(d, VerdictKind.JIT_COMPILER_MEMORY);
        assertTrue(jit.sites.size() >= 3, "sites: " + jit.sites.size());
        assertTrue(jit.sites.get(0).frame.matches("Loops\\d::run\\(.*"), jit.sites.get(0).frame);
        assertTrue(jit.sites.get(0).bytes > 32L << 20, "arena bytes of the largest compilation");
        StringBuilder text = new StringBuilder();
        Renderer.of(Format.TEXT).render(d, text);
        assertTrue(text.toString().contains("Loops"), "the text report names the methods");
        assertTrue(text.toString().contains("JIT compiler (arenas)"), "the ledger shows the part");
    }

    /**
     * The same JDK 25 run with its NMT taken out (every recorded run has NMT on): the compiler's
     * peak is still in RSS, but nothing measures it, so the ledger lists the part as unmeasured and
     * no verdict names the compiler.
     */
    @Test
    void withoutNmtTheCompilerPartIsUnmeasuredNotInvented(@TempDir Path tmp) throws IOException {
        Diagnosis withNmt = Diagnoser.diagnose(run("CompilerArenas-25"));
        assertTrue(withNmt.peak.bytes(LedgerPart.JIT_COMPILER) > 0, "the run with NMT measures the compiler");
        Diagnosis d = Diagnoser.diagnose(LessEvidence.without(run("CompilerArenas-25"), "nmt", tmp));
        assertTrue(d.latest.unmeasured.contains(LedgerPart.JVM_INTERNALS), "NMT off: " + d.latest.unmeasured);
        assertTrue(d.latest.unmeasured.contains(LedgerPart.JIT_COMPILER), "NMT off: " + d.latest.unmeasured);
        assertEquals(0, d.peak.bytes(LedgerPart.JIT_COMPILER), "no compiler bytes without NMT");
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.JIT_COMPILER_MEMORY),
                d.verdicts.stream().map(v -> v.kind + " " + v.confidence).toList().toString());
    }

    private static Verdict find(Diagnosis d, VerdictKind kind) {
        for (Verdict v : d.verdicts) {
            if (v.kind == kind) {
                return v;
            }
        }
        throw new AssertionError("no " + kind + " among " + d.verdicts.stream().map(v -> v.kind + " " + v.confidence).toList()
                + "; notes: " + d.notes);
    }
}
