package io.bloatscope.cli;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.render.Format;
import io.bloatscope.report.render.Headline;
import io.bloatscope.report.render.Renderer;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo [--seconds N] [-o report.html] [--apps test-apps.jar]}: shows the product in one
 * command. Runs the MallocBloat scenario (native memory freed but kept by glibc) under this jar as
 * agent with NMT on, then reports on its snapshots. The scenario apps are not in bloatscope.jar, so
 * they are looked up where a source build leaves them: {@code test-apps/target/test-apps.jar} in
 * the directories above this jar.
 */
final class DemoCommand {
    static final String USAGE = "usage: demo [--seconds N] [-o report.html] [--apps test-apps/target/test-apps.jar]";
    private static final String APP = "io.bloatscope.testapps.MallocBloat";
    private static final Path APPS_JAR = Path.of("test-apps", "target", "test-apps.jar");

    int run(String[] args, PrintStream out, PrintStream err) throws UsageError {
        int seconds = 8;
        Path output = Path.of("report.html");
        Path apps = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null && (arg.equals("--seconds") || arg.equals("-o") || arg.equals("--apps"))) {
                throw new UsageError(arg + " needs a value; " + USAGE);
            }
            switch (arg) {
                case "--seconds":
                    seconds = seconds(value);
                    i++;
                    break;
                case "-o":
                    output = Path.of(value);
                    i++;
                    break;
                case "--apps":
                    apps = Path.of(value);
                    i++;
                    break;
                default:
                    throw new UsageError("unknown argument '" + arg + "'; " + USAGE);
            }
        }
        Path jar = OwnJar.path("demo");
        apps = apps != null ? apps : findApps(jar);
        if (!Files.isRegularFile(apps)) {
            throw new UsageError("no test-apps jar at " + apps + "; build it with 'mvn -B -DskipTests package'");
        }
        Path directory = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new UsageError("cannot write " + output + ": its directory does not exist; create it first");
        }
        Path snapshots = directory.resolve("bloatscope-demo.jsonl");
        Path log = directory.resolve("bloatscope-demo.log");
        deleteRun(snapshots);
        out.println("running MallocBloat for " + seconds + " s under the agent with NMT on; snapshots every 500 ms to "
                + snapshots);
        out.flush();
        runApp(jar, apps, snapshots, log, seconds);

        Diagnosis diagnosis = ReportCommand.diagnose(snapshots);
        Format format = Format.ofFile(output) != null ? Format.ofFile(output) : Format.HTML;
        ReportCommand.write(Renderer.of(format), diagnosis, output);
        out.println("report: " + output.toAbsolutePath());
        out.println(Headline.of(diagnosis));
        return Main.OK;
    }

    private static int seconds(String value) throws UsageError {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new UsageError("--seconds must be a whole number from 1 to 3600, not '" + value + "'");
    }

    /** test-apps/target/test-apps.jar in the nearest directory above bloatscope.jar that has one. */
    static Path findApps(Path jar) throws UsageError {
        for (Path directory = jar.toAbsolutePath().getParent(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(APPS_JAR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UsageError("cannot find " + APPS_JAR + " in any directory above " + jar
                + "; run 'mvn -B -DskipTests package' in the bloatscope source tree or pass --apps <jar>");
    }

    /** An earlier demo's file and rotated parts, so this report shows this run only. */
    private static void deleteRun(Path snapshots) throws UsageError {
        try {
            Files.deleteIfExists(snapshots);
            for (int i = 1; Files.deleteIfExists(snapshots.resolveSibling(snapshots.getFileName() + "." + i)); i++) {
                // Deleted one more rotated part.
            }
        } catch (IOException e) {
            throw new UsageError("cannot replace " + snapshots + " (" + e.getMessage() + ")");
        }
    }

    private static void runApp(Path jar, Path apps, Path snapshots, Path log, int seconds) throws UsageError {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:NativeMemoryTracking=summary");
        command.add("-Xmx256m");
        command.add("-javaagent:" + jar.toAbsolutePath() + "=out=" + snapshots + ",interval=500ms,smaps=500ms");
        command.add("-cp");
        Path lib = apps.toAbsolutePath().resolveSibling("lib");
        command.add(apps.toAbsolutePath() + (Files.isDirectory(lib) ? File.pathSeparator + lib + File.separator + "*" : ""));
        command.add(APP);
        command.add("--seconds");
        command.add(Integer.toString(seconds));
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
