package io.bloatscope.cli;

import io.bloatscope.report.check.Check;
import io.bloatscope.report.check.CheckLimits;
import io.bloatscope.report.check.CheckReport;
import io.bloatscope.report.model.Diagnosis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code check <run> [limits]}: fails a build (exit 1) when a run leaks or exceeds its limits,
 * printing which limit failed, by how much, with the evidence and the sites; exit 3 when the run's
 * first verdict is INCONCLUSIVE (what was not judged and the step that settles it), unless
 * {@code --inconclusive pass}; exit 0 when it passes; exit 2 with one line for a usage or input error.
 */
final class CheckCommand {

    int run(String[] args, PrintStream out, PrintStream err) throws UsageError {
        CheckLimits limits;
        try {
            limits = CheckLimits.parse(args);
        } catch (IllegalArgumentException bad) {
            throw new UsageError(bad.getMessage());
        }
        Diagnosis run = ReportCommand.diagnose(limits.run);
        Diagnosis baseline = limits.baseline == null ? null : ReportCommand.diagnose(limits.baseline);
        CheckReport report = new CheckReport(limits.run.getFileName().toString(), Check.evaluate(limits, run, baseline));
        write(limits.junitXml, report.junitXml());
        write(limits.markdown, report.markdown());
        out.print(report.text());
        return exitCode(report);
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
