package io.bloatscope.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test app forked as a real JVM, optionally with the real agent jar, its standard output and
 * error captured to files for assertions and for reading after a failure.
 */
final class ForkedApp implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("bloatscope.jar", "../target/bloatscope.jar"));
    static final Path TEST_APPS = Path.of(System.getProperty("bloatscope.testApps", "../test-apps/target"));
    static final Path IT_DIR = Path.of(System.getProperty("bloatscope.itDir", "target/it"));

    final Process process;
    final Path stdout;
    final Path stderr;

    private ForkedApp(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Builder app(String simpleClassName) {
        return new Builder(simpleClassName);
    }

    long pid() {
        return process.pid();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until stdout has a line starting with {@code prefix}; fails with both outputs if not. */
    void awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout().split("\n")) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line '" + prefix + "' within " + timeout + "\n" + describe());
    }

    /** Waits for a normal exit and returns the exit code; kills and fails after the timeout. */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            String threads = threadDump();
            process.destroyForcibly();
            throw new AssertionError("did not exit within " + timeout + "\n" + describe() + "--- threads ---\n" + threads);
        }
        return process.exitValue();
    }

    /** The stuck JVM's threads, from the jstack beside its java, so a hang can be told from slowness. */
    private String threadDump() {
        try {
            Path java = Path.of(process.info().command().orElseThrow());
            Process jstack = new ProcessBuilder(java.resolveSibling("jstack").toString(), Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")\n";
        }
    }

    String describe() throws IOException {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static final class Builder {
        private final String mainClass;
        private TargetJdk jdk = TargetJdk.current();
        private String agentOptions;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> appArgs = new ArrayList<>();
        private final List<String[]> environment = new ArrayList<>();

        private Builder(String simpleClassName) {
            this.mainClass = "io.bloatscope.testapps." + simpleClassName;
        }

        /** Skips the test, saying why, when {@code target} is not installed ({@link TargetJdk#MISSING}). */
        Builder on(TargetJdk target) {
            target.assumeInstalled();
            this.jdk = target;
            return this;
        }

        /** Runs with {@code -javaagent:bloatscope.jar=<options>}; null runs without the agent. */
        Builder agent(String options) {
            this.agentOptions = options;
            return this;
        }

        Builder jvm(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        Builder args(String... args) {
            appArgs.addAll(List.of(args));
            return this;
        }

        Builder env(String name, String value) {
            environment.add(new String[] {name, value});
            return this;
        }

        ForkedApp start(Path workDir) throws IOException {
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            if (agentOptions != null) {
                command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
            }
            command.add("-Xmx256m");
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(TEST_APPS.resolve("test-apps.jar").toAbsolutePath() + java.io.File.pathSeparator
                    + TEST_APPS.resolve("lib").toAbsolutePath() + "/*");
            command.add(mainClass);
            command.addAll(appArgs);
            String name = mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + jdk.feature;
            Path out = workDir.resolve(name + ".stdout");
            Path err = workDir.resolve(name + ".stderr");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            for (String[] variable : environment) {
                builder.environment().put(variable[0], variable[1]);
            }
            return new ForkedApp(builder.start(), out, err);
        }
    }
}
