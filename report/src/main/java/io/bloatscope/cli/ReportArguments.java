package io.bloatscope.cli;

import io.bloatscope.report.render.Format;
import java.nio.file.Path;

/** The {@code report} command line, parsed once: input file, optional output file, format. */
final class ReportArguments {
    final Path input;
    final Path output;
    final Format format;

    private ReportArguments(Path input, Path output, Format format) {
        this.input = input;
        this.output = output;
        this.format = format;
    }

    static ReportArguments parse(String[] args) throws UsageError {
        Path input = null;
        Path output = null;
        Format format = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-o") || arg.equals("--output")) {
                output = Path.of(value(args, ++i, arg));
            } else if (arg.equals("--format") || arg.equals("-f")) {
                String name = value(args, ++i, arg);
                format = Format.named(name);
                if (format == null) {
                    throw new UsageError("unknown format '" + name + "'; accepted: " + Format.names());
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageError("unknown option '" + arg + "'; " + ReportCommand.USAGE);
            } else if (input == null) {
                input = Path.of(arg);
            } else {
                throw new UsageError("one snapshot file only (got '" + input + "' and '" + arg + "'); "
                        + "rotated parts next to it are read too");
            }
        }
        if (input == null) {
            throw new UsageError("no snapshot file given; " + ReportCommand.USAGE);
        }
        if (format == null) {
            Format byExtension = output == null ? null : Format.ofFile(output);
            format = byExtension != null ? byExtension : Format.TEXT;
        }
        return new ReportArguments(input, output, format);
    }

    private static String value(String[] args, int i, String option) throws UsageError {
        if (i >= args.length) {
            throw new UsageError(option + " needs a value; " + ReportCommand.USAGE);
        }
        return args[i];
    }
}
