package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.format.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that has {@code @LeakTest} (bloatscope-junit, and with it bloatscope-format) on its
 * class path and runs under {@code -javaagent:bloatscope.jar}: both work, each with its own copy of
 * the format. The agent jar carries the format relocated ({@code io.bloatscope.shaded.format}), so
 * the class path holds exactly one {@code io.bloatscope.format} and it is the application's; without
 * the relocation the agent jar, appended to the same class path, would offer a second one, of
 * whatever version the agent was built with. On JDK 17 and, where installed, the newest other JDK
 * under /usr/lib/jvm.
 */
class FormatIsolationIT {
    private static final Path AGENT_JAR = Path.of(System.getProperty("bloatscope.jar", "../target/bloatscope.jar"));
    private static final Path DIR = Path.of(System.getProperty("bloatscope.itDir", "target/it")).resolve("format");

    static List<Path> javaHomes() throws IOException {
        List<Path> homes = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
        Path other = otherJdk();
        if (other != null) {
            homes.add(other);
        } else {
            homes.add(null); // reported as a skipped run, not left out silently
        }
        return homes;
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void leakTestHelpersAndTheAgentEachUseTheirOwnFormat(Path javaHome) throws Exception {
        assumeTrue(javaHome != null, "no second JDK under /usr/lib/jvm: the format isolation runs on JDK "
                + Runtime.version().feature() + " only");
        assumeTrue(Files.isRegularFile(AGENT_JAR), "no " + AGENT_JAR + ": build it with `mvn -B -DskipTests package`");
        try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
            assertTrue(jar.getEntry("io/bloatscope/shaded/format/Json.class") != null, "the agent bundles the format");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("io/bloatscope/format/")),
                    "the agent jar must not carry the format under its own name");
        }
        Path formatClasses = Path.of(Json.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classPath = Stream.of(Path.of("target/classes"), Path.of("target/test-classes"), formatClasses)
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Files.createDirectories(DIR);
        String feature = javaHome.getFileName().toString();
        Path snapshots = DIR.resolve("isolation-" + feature + ".jsonl");
        Files.deleteIfExists(snapshots);
        Path stdout = DIR.resolve("isolation-" + feature + ".out");
        Path stderr = DIR.resolve("isolation-" + feature + ".err");
        Process app = new ProcessBuilder(javaHome.resolve("bin/java").toString(),
                "-XX:NativeMemoryTracking=summary",
                "-javaagent:" + AGENT_JAR.toAbsolutePath() + "=out=" + snapshots + ",interval=200ms,nativeSites=on",
                "-cp", classPath, ClashApp.class.getName())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        app.getOutputStream().close();
        if (!app.waitFor(120, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String describe = "stdout:\n" + out + "\nstderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, app.exitValue(), describe);

        assertTrue(out.lines().anyMatch(l -> l.startsWith("SITE live native direct: io.bloatscope.junit.ClashApp.main(")),
                "@LeakTest reads the agent's sites with its own format classes\n" + describe);
        assertTrue(out.contains("NATIVE_SOURCE NMT committed"), "the native measure comes from NMT\n" + describe);
        long nativeBytes = Long.parseLong(line(out, "NATIVE_BYTES "));
        long heldBytes = Long.parseLong(line(out, "HELD ")) * ClashApp.BUFFER_BYTES;
        assertTrue(nativeBytes >= heldBytes, "NMT, parsed by the format module, counts the held buffers ("
                + heldBytes + " bytes)\n" + describe);
        List<String> copies = out.lines().filter(l -> l.startsWith("FORMAT_COPY ")).collect(Collectors.toList());
        assertEquals(1, copies.size(), "exactly one io.bloatscope.format on the class path\n" + describe);
        assertFalse(copies.get(0).contains("bloatscope.jar"), describe);
        assertFalse(line(out, "APP_FORMAT ").contains("bloatscope.jar"), "the application's copy is its own\n" + describe);
        assertTrue(line(out, "AGENT_FORMAT ").endsWith("bloatscope.jar"), "the agent's copy is in its jar\n" + describe);
        assertTrue(line(out, "STATUS ").startsWith("running "), "the agent kept running\n" + describe);
        assertTrue(Files.readAllLines(snapshots).stream().filter(l -> l.startsWith("{\"type\":\"snapshot\"")).count() >= 2,
                "the agent wrote its snapshots\n" + describe);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "line in\n" + out));
    }

    /** The newest JDK under /usr/lib/jvm of another feature release than this one, or null. */
    private static Path otherJdk() throws IOException {
        Path best = null;
        int bestFeature = 0;
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes::iterator) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                Properties properties = new Properties();
                try (var in = Files.newInputStream(release)) {
                    properties.load(in);
                }
                String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
                int feature = version.isEmpty() ? -1 : Integer.parseInt(version.split("[.+-]")[0]);
                if (feature != Runtime.version().feature() && feature > bestFeature) {
                    best = home.toRealPath();
                    bestFeature = feature;
                }
            }
        }
        return best;
    }
}
