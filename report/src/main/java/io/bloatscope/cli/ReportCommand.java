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

/**
 * {@code report <snapshot file> [-o file] [--format html|text|md|json]}: analyses one run (all its
 * rotated parts) and renders the diagnosis. The format follows {@code --format}, else the output
 * file's extension, else text on standard output. The file is written whole or not at all (via a
 * temporary file), so a CI step never picks up half a report.
 */
final class ReportCommand {
    static final String USAGE = "usage: report <snapshot file> [-o report.html] [--format html|text|md|json]";

    int run(String[] args, PrintStream out, PrintStream err) throws UsageError {
        ReportArguments arguments = ReportArguments.parse(args);
        Diagnosis diagnosis = diagnose(arguments.input);
        Renderer renderer = Renderer.of(arguments.format);
        if (arguments.output == null) {
            StringBuilder text = new StringBuilder();
            render(renderer, diagnosis, text);
            out.print(text);
            out.flush();
            return Main.OK;
        }
        write(renderer, diagnosis, arguments.output);
        out.println("wrote " + arguments.output + " (" + arguments.format.name + ")");
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
