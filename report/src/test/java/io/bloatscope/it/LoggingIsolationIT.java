package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An application with its own SLF4J 1.7 + Logback 1.2 and its own {@code logback.xml} runs under
 * the agent, which bundles SLF4J 2 + Logback 1.5: the application's logging is exactly as without
 * the agent, and the agent's messages go to its own stderr lines, never into the app's log file.
 */
class LoggingIsolationIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("logging");

    @Test
    void agentNeitherReadsNorDisturbsTheApplicationsLogging() throws Exception {
        Path appLog = DIR.resolve("app.log");
        Files.createDirectories(DIR);
        Files.deleteIfExists(appLog);
        try (ForkedApp app = ForkedApp.app("LoggingApp")
                .agent("out=" + DIR + "/logging-%p.jsonl,interval=200ms")
                .jvm("-Dapp.log=" + appLog)
                .args("--seconds", "2", "--rate", "20").start(DIR)) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            String stdout = app.stdout();
            Matcher logged = Pattern.compile("LOGGED lines=(\\d+)").matcher(stdout);
            assertTrue(logged.find(), app.describe());
            assertTrue(stdout.contains("LOGBACK_VERSION 1.2.13"), "the app keeps its own Logback\n" + stdout);
            assertTrue(stdout.contains("SLF4J_BINDING ch.qos.logback.classic.LoggerContext"), stdout);
            assertTrue(stdout.lines().anyMatch(l -> l.startsWith("LOGBACK_CONFIG") && l.endsWith("test-apps.jar!/logback.xml")),
                    "the app's logback.xml configures the app\n" + stdout);

            List<String> lines = Files.readAllLines(appLog);
            assertEquals(Long.parseLong(logged.group(1)), lines.size(), "every app line, and only those, in the app's log");
            assertTrue(lines.stream().allMatch(line -> line.startsWith("APPLOG INFO ")), lines.toString());
            assertFalse(lines.stream().anyMatch(line -> line.contains("[bloatscope]") || line.contains("snapshots")),
                    "agent output leaked into the app's log");

            List<String> agentLines = app.stderr().lines().filter(line -> line.startsWith("[bloatscope]"))
                    .collect(Collectors.toList());
            assertTrue(agentLines.stream().anyMatch(line -> line.contains("writing snapshots")), app.describe());
            assertFalse(app.stderr().contains("SLF4J:"), "no SLF4J binding warnings\n" + app.describe());
            assertFalse(app.stdout().contains("APPLOG") || app.stderr().contains("APPLOG"), app.describe());
        }
    }
}
