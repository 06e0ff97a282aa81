package io.bloatscope.cli;

import static io.bloatscope.cli.CommandOption.valued;

import io.bloatscope.report.check.Check;
import io.bloatscope.report.check.CheckLimits;
import io.bloatscope.report.check.CheckReport;
import io.bloatscope.report.model.Diagnosis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code check <run> [limits]}: fails a build (exit 1) when a run leaks or exceeds its limits,
 * printing which limit failed, by how much, with the evidence and the sites; exit 3 when the run's
 * first verdict is INCONCLUSIVE (what was not judged and the step that settles it), unless
 * {@code --inconclusive pass}; exit 0 when it passes; exit 2 with one line for a usage or input error.
 */
final class CheckCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("check", "<run.jsonl>", 1, 1, false, String.join("\n",
            "Fails a CI build on a memory regression. Exit 0 passed, 1 a limit or verdict failed (wins over 3),",
            "2 usage or input error, 3 inconclusive: the run's first verdict is INCONCLUSIVE (a part that matters",
            "could not be judged). Without options it fails on any leak verdict at confidence >= 0.7."),
            List.of(valued("--baseline", "<run.jsonl>", "a snapshot file", "compare with a baseline run"),
                    valued("--max-rss", "512MB", CheckLimits.SIZE, "limit on peak RSS"),
                    valued("--max-heap-growth", "1MB/min", CheckLimits.RATE, "limit on live heap growth after warm-up"),
                    valued("--max-native-growth", "1MB/min", CheckLimits.RATE,
                            "limit on growth of everything outside the Java heap"),
                    valued("--fail-on", "HEAP_LEAK,...", CheckLimits.failOnAccepts(),
                            "the verdict kinds that fail the check (default: the five leaks)"),
                    valued("--min-confidence", "0.7", CheckLimits.CONFIDENCE, "the confidence at which a verdict fails it"),
                    valued("--tolerance", "10%", CheckLimits.TOLERANCE, "relative tolerance against the baseline"),
                    valued("--inconclusive", "fail|pass", CheckLimits.INCONCLUSIVE,
                            "whether an inconclusive run fails (exit 3, the default) or passes (exit 0)"),
                    valued("--junit-xml", "out.xml", "a file path", "write JUnit XML, one test case per limit or verdict"),
                    valued("--markdown", "out.md", "a file path", "write a summary table for a pull-request comment")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError {
        CheckLimits limits = limits(line);
        Diagnosis run = ReportCommand.diagnose(limits.run);
        Diagnosis baseline = limits.baseline == null ? null : ReportCommand.diagnose(limits.baseline);
        CheckReport report = new CheckReport(limits.run.getFileName().toString(), Check.evaluate(limits, run, baseline));
        write(limits.junitXml, report.junitXml());
        write(limits.markdown, report.markdown());
        out.print(report.text());
        return exitCode(report);
    }

    static CheckLimits limits(CommandLine line) throws UsageError {
        CheckLimits.Builder limits = CheckLimits.builder(Path.of(line.positional(0)));
        line.ifGiven("--baseline", value -> limits.baseline(Path.of(value)));
        line.ifGiven("--max-rss", limits::maxRss);
        line.ifGiven("--max-heap-growth", limits::maxHeapGrowth);
        line.ifGiven("--max-native-growth", limits::maxNativeGrowth);
        line.ifGiven("--fail-on", limits::failOn);
        line.ifGiven("--min-confidence", limits::minConfidence);
        line.ifGiven("--tolerance", limits::tolerance);
        line.ifGiven("--inconclusive", limits::inconclusive);
        line.ifGiven("--junit-xml", value -> limits.junitXml(Path.of(value)));
        line.ifGiven("--markdown", value -> limits.markdown(Path.of(value)));
        return limits.build();
    }

    /** 1 for a failed limit (even when the run was also inconclusive), 3 when it could not be judged. */
    static int exitCode(CheckReport report) {
        switch (report.status()) {
            case FAILED:
                return Main.REGRESSION;
            case INCONCLUSIVE:
                return Main.INCONCLUSIVE;
            default:
                return Main.OK;
        }
    }

    private static void write(Path file, String content) throws UsageError {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot write " + file + " (" + e.getMessage() + "); does its directory exist?");
        }
    }
}
