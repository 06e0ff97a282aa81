package io.bloatscope.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar bloatscope.jar ...} as a user would and keeps its exit code and output. */
final class Cli {
    final int exitCode;
    final String stdout;
    final String stderr;

    private Cli(int exitCode, String stdout, String stderr) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Cli run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(TargetJdk.current().java().toString());
        command.add("-jar");
        command.add(ForkedApp.AGENT_JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bloatscope " + String.join(" ", args) + " did not finish");
        }
        return new Cli(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
}
