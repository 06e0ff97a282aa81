package io.bloatscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bloatscope.report.check.Check;
import io.bloatscope.report.check.CheckLimits;
import io.bloatscope.report.check.CheckReport;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exit codes scripts rely on, from hand-built diagnoses: 0 pass, 1 fail (wins), 3 inconclusive. */
class CheckCommandTest {

    private static int exitCode(Verdict verdict, String... options) throws UsageError {
        long[] parts = new long[LedgerPart.values().length];
        parts[LedgerPart.JAVA_HEAP.ordinal()] = 600L << 20;
        LedgerEntry entry = new LedgerEntry(1_700_000_000_000L, 600L << 20, parts);
        Diagnosis run = new Diagnosis(List.of(verdict), List.of(entry), entry, entry, Map.of(), Map.of(), List.of());
        String[] args = new String[options.length + 1];
        args[0] = "run.jsonl";
        System.arraycopy(options, 0, args, 1, options.length);
        CheckLimits limits = CheckCommand.limits(CommandLine.parse(CheckCommand.SPEC, args));
        return CheckCommand.exitCode(new CheckReport("run.jsonl", Check.evaluate(limits, run, null)));
    }

    private static Verdict inconclusive() {
        return new Verdict(VerdictKind.INCONCLUSIVE, 0.55, "Heap used grows with no collection.", Map.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(new NotJudged(LedgerPart.JAVA_HEAP, "no collection after warm-up",
                        "run with liveSet=exit")));
    }

    @Test
    void inconclusiveIsExit3UnlessLetThroughAndAFailedLimitIsExit1() throws UsageError {
        assertEquals(3, exitCode(inconclusive()));
        assertEquals(3, exitCode(inconclusive(), "--inconclusive", "fail"));
        assertEquals(0, exitCode(inconclusive(), "--inconclusive", "pass"));
        assertEquals(1, exitCode(inconclusive(), "--max-rss", "100MB"));
        assertEquals(1, exitCode(inconclusive(), "--max-rss", "100MB", "--inconclusive", "pass"));
    }

    @Test
    void healthyPassesAndALeakFails() throws UsageError {
        Verdict healthy = new Verdict(VerdictKind.HEALTHY, 0.8, "Nothing grows.", Map.of(), List.of(), List.of(), List.of());
        Verdict leak = new Verdict(VerdictKind.THREAD_LEAK, 0.9, "Threads grow.", Map.of(), List.of(), List.of(), List.of());
        assertEquals(0, exitCode(healthy));
        assertEquals(1, exitCode(leak));
    }
}
