package io.bloatscope.cli;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.render.Format;
import io.bloatscope.report.render.Renderer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code report <snapshot file> [-o file] [--format html|text|md|json]}: analyses one run (all its
 * rotated parts) and renders the diagnosis. The format follows {@code --format}, else the output
 * file's extension, else text on standard output. The file is written whole or not at all (via a
 * temporary file), so a CI step never picks up half a report.
 */
final class ReportCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("report", "<snapshot file>", 1, 1, false, String.join("\n",
            "What the run's memory did: leak, bloat, inconclusive or healthy, with the evidence, the allocation",
            "sites and the remedies. Reads the file's rotated parts (.1, .2, ...) too. Without -o: text on",
            "standard output; the format follows --format, else the -o file's extension, else text."),
            List.of(CommandOption.valued("--output", "report.html", "a file path in an existing directory",
                            "write the report to this file (whole or not at all)").alias("-o"),
                    CommandOption.valued("--format", "html|text|md|json", "one of " + Format.names(),
                            "the output format").alias("-f")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError {
        Path input = Path.of(line.positional(0));
        String output = line.value("--output", null);
        String formatName = line.value("--format", null);
        Format format = formatName != null ? Format.named(formatName)
                : output != null && Format.ofFile(Path.of(output)) != null ? Format.ofFile(Path.of(output)) : Format.TEXT;
        if (format == null) {
            throw line.bad("--format", formatName, null);
        }
        Diagnosis diagnosis = diagnose(input);
        Renderer renderer = Renderer.of(format);
        if (output == null) {
            StringBuilder text = new StringBuilder();
            render(renderer, diagnosis, text);
            out.print(text);
            out.flush();
            return Main.OK;
        }
        write(renderer, diagnosis, Path.of(output));
        out.println("wrote " + output + " (" + format.name + ")");
        return Main.OK;
    }

    /** Runs the engine; any failure to read becomes one line (exit 2), never a stack trace. */
    static Diagnosis diagnose(Path input) throws UsageError {
        SnapshotFileCheck.check(input);
        try {
            return Diagnoser.diagnose(input);
        } catch (CharacterCodingException e) {
            throw new UsageError(input + " is not a bloatscope snapshot file (not UTF-8 text)");
        } catch (IOException e) {
            throw new UsageError("cannot read " + input + ": " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new UsageError("could not analyse " + input + " (" + oneLine(e.toString())
                    + "); please report this with the file");
        }
    }

    static void render(Renderer renderer, Diagnosis diagnosis, Appendable out) throws UsageError {
        try {
            renderer.render(diagnosis, out);
        } catch (IOException | RuntimeException e) {
            throw new UsageError("could not render the report (" + oneLine(e.toString()) + "); please report this");
        }
    }

    static void write(Renderer renderer, Diagnosis diagnosis, Path output) throws UsageError {
        Path directory = output.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UsageError("cannot write " + output + ": its directory does not exist; create it first");
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, ".bloatscope-report", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                render(renderer, diagnosis, writer);
            }
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UsageError("cannot write " + output + " (" + oneLine(e.toString()) + ")");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A stray temporary file is harmless; the outcome was already reported.
                }
            }
        }
    }

    private static String oneLine(String message) {
        return message == null ? "no detail" : message.replaceAll("\\s+", " ").trim();
    }
}
