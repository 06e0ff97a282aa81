package io.bloatscope.cli;

import io.bloatscope.format.RunParts;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.render.Format;
import io.bloatscope.report.render.Headline;
import io.bloatscope.report.render.Renderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo [--seconds N] [-o report.html]}: shows the product in one command, from the jar
 * alone. Runs the MallocBloat scenario (native memory freed but kept by glibc) in a child JVM
 * under this jar as agent with NMT on, then reports on its snapshots. The scenario ships inside
 * bloatscope.jar as {@code io.bloatscope.demo} (the test app's classes, relocated when the jar is
 * built), so a downloaded jar runs its own demo in an empty directory.
 */
final class DemoCommand implements Command {
    /** The test app io.bloatscope.testapps.MallocBloat as the shaded jar holds it. */
    static final String APP = "io.bloatscope.demo.MallocBloat";
    static final String SECONDS = "a whole number of seconds from 1 to 3600";
    static final CommandSpec SPEC = new CommandSpec("demo", "", 0, 0, false, String.join("\n",
            "Runs a small app that frees native memory glibc keeps (malloc bloat) under this jar as agent with",
            "NMT on, sampling every 500 ms into bloatscope-demo.jsonl next to the report (its output in",
            "bloatscope-demo.log), then writes the report and prints its headline."),
            List.of(CommandOption.valued("--seconds", "N", SECONDS, "how long the app runs (default 8)"),
                    CommandOption.valued("--output", "report.html", "a file path in an existing directory",
                            "the report (default report.html; its extension picks the format)").alias("-o")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError {
        int[] seconds = {8};
        line.ifGiven("--seconds", value -> seconds[0] = seconds(value));
        Path output = Path.of(line.value("--output", "report.html"));
        Path jar = OwnJar.path("demo");
        Path directory = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new UsageError("cannot write " + output + ": its directory does not exist; create it first");
        }
        Path snapshots = directory.resolve("bloatscope-demo.jsonl");
        Path log = directory.resolve("bloatscope-demo.log");
        deleteRun(snapshots);
        out.println("running MallocBloat for " + seconds[0] + " s under the agent with NMT on; snapshots every 500 ms to "
                + snapshots);
        out.flush();
        runApp(jar, snapshots, log, seconds[0]);

        Diagnosis diagnosis = ReportCommand.diagnose(snapshots);
        Format format = Format.ofFile(output) != null ? Format.ofFile(output) : Format.HTML;
        ReportCommand.write(Renderer.of(format), diagnosis, output);
        out.println("report: " + output.toAbsolutePath());
        out.println(Headline.of(diagnosis));
        return Main.OK;
    }

    private static int seconds(String value) {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // Rejected below.
        }
        throw new IllegalArgumentException(SECONDS);
    }

    /** An earlier demo's file and rotated parts, so this report shows this run only. */
    private static void deleteRun(Path snapshots) throws UsageError {
        try {
            Files.deleteIfExists(snapshots);
            for (int i = 1; Files.deleteIfExists(RunParts.rotated(snapshots, i)); i++) {
                // Deleted one more rotated part.
            }
        } catch (IOException e) {
            throw new UsageError("cannot replace " + snapshots + " (" + e.getMessage() + ")");
        }
    }

    /** The app runs from this very jar: its class path and its agent are the same file. */
    private static void runApp(Path jar, Path snapshots, Path log, int seconds) throws UsageError {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:NativeMemoryTracking=summary");
        command.add("-Xmx256m");
        command.add("-javaagent:" + jar.toAbsolutePath() + "=out=" + snapshots + ",interval=500ms,smaps=500ms");
        command.add("-cp");
        command.add(jar.toAbsolutePath().toString());
        command.add(APP);
        command.add("--seconds");
        command.add(Integer.toString(seconds));
        // Hold the blocks a second before freeing them: the agent's snapshots then see NMT count the
        // JVM's malloc rise and fall, which is what tells freed memory from memory in use on a JDK
        // without malloc_info (17); without it the burst can fall between two snapshots.
        command.add("--hold-ms");
        command.add("1500");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UsageError("the demo app did not finish in " + (seconds + 60) + " s; its output is in " + log);
            }
            if (process.exitValue() != 0) {
                throw new UsageError("the demo app failed (exit " + process.exitValue() + "); its output is in " + log);
            }
        } catch (IOException e) {
            throw new UsageError("cannot start " + command.get(0) + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageError("interrupted while the demo app ran");
        }
    }
}
