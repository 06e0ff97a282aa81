package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's example Maven project, run with Maven as a user's CI would: its build fails when
 * the application leaks and passes when it is steady, and the check's JUnit XML names the leak.
 */
class ExampleProjectIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("example-project");

    @Test
    void buildFailsOnALeakAndPassesOnTheSteadyApp() throws Exception {
        Build leaking = build("ThreadLeak");
        assertNotEquals(0, leaking.exitCode, leaking.output);
        assertTrue(leaking.output.contains("FAIL THREAD_LEAK"), leaking.output);
        String junit = Files.readString(leaking.directory.resolve("bloatscope-check.xml"));
        assertTrue(junit.contains("name=\"THREAD_LEAK\"") && junit.contains("<failure"), junit);

        Build steady = build("SteadyState");
        assertEquals(0, steady.exitCode, steady.output);
        assertTrue(steady.output.contains("PASSED"), steady.output);
    }

    private static Build build(String app) throws IOException, InterruptedException {
        Path project = DIR.resolve(app);
        Files.createDirectories(project);
        try (InputStream pom = ExampleProjectIT.class.getResourceAsStream("/example-project/pom.xml")) {
            Files.write(project.resolve("pom.xml"), pom.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "verify",
                "-Dbloatscope.jar=" + ForkedApp.AGENT_JAR.toAbsolutePath(),
                "-Dapp.classpath=" + ForkedApp.TEST_APPS.resolve("test-apps.jar").toAbsolutePath(),
                "-Dapp.main=io.bloatscope.testapps." + app));
        if (System.getProperty("maven.repo.local") != null) {
            command.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local"));
        }
        Process maven = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        maven.getOutputStream().close();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!maven.waitFor(5, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("the example build did not finish\n" + output);
        }
        return new Build(project, maven.exitValue(), output);
    }

    private static final class Build {
        final Path directory;
        final int exitCode;
        final String output;

        Build(Path directory, int exitCode, String output) {
            this.directory = directory;
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
