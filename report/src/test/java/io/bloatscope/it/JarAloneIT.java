package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloaded jar on its own: copied into an empty directory, with no source tree above it,
 * it runs its demo, says which build it is, and answers --help for every command.
 */
class JarAloneIT {
    @TempDir
    Path empty;

    private String[] run(String... args) throws IOException, InterruptedException {
        Path jar = empty.resolve("bloatscope.jar");
        if (!Files.exists(jar)) {
            Files.copy(ForkedApp.AGENT_JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(TargetJdk.current().java().toString(), "-jar", "bloatscope.jar"));
        command.addAll(List.of(args));
        Path out = empty.resolve("cli.out");
        Process process = new ProcessBuilder(command).directory(empty.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bloatscope " + String.join(" ", args) + " did not finish");
        }
        return new String[] {Integer.toString(process.exitValue()), Files.readString(out, StandardCharsets.UTF_8)};
    }

    @Test
    void demoRunsFromTheJarAloneInAnEmptyDirectory() throws Exception {
        String[] demo = run("demo", "--seconds", "3");
        assertEquals("0", demo[0], demo[1]);
        Path report = empty.resolve("report.html");
        assertTrue(demo[1].contains("report: " + report.toAbsolutePath()), demo[1]);
        assertTrue(Files.readString(report).startsWith("<!DOCTYPE html>"));
        String header = Files.readAllLines(empty.resolve("bloatscope-demo.jsonl")).get(0);
        assertTrue(header.matches(".*\"build\":\\{\"version\":\"[^\"]+\",\"commit\":\"[^\"]+\",\"date\":\"[^\"]+\"}.*"),
                "the snapshot header names the build: " + header);
    }

    @Test
    void versionAndEveryCommandsHelpWorkFromTheJarAlone() throws Exception {
        String[] version = run("--version");
        assertEquals("0", version[0], version[1]);
        assertTrue(version[1].matches("bloatscope \\S+ \\(commit [0-9a-f]{12}, built \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\\)\\n"),
                "a jar built from git knows its commit: " + version[1]);
        for (String command : List.of("report", "check", "attach", "demo", "list", "weave")) {
            String[] help = run(command, "--help");
            assertEquals("0", help[0], command + ": " + help[1]);
            assertTrue(help[1].startsWith("usage: bloatscope " + command), help[1]);
        }
    }
}
