package io.bloatscope.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A JDK the integration tests run target JVMs on: the one running the tests (17, the baseline)
 * and the newest other feature release installed under {@code /usr/lib/jvm}, found at test time.
 * Where there is no second JDK, {@link #all()} still lists one, {@link #MISSING}, on which every
 * test is skipped with a message naming where we looked: the skipped half of the version matrix
 * shows in the test report instead of passing unseen.
 */
final class TargetJdk {
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    /** The second JDK where none is installed: using it skips the test (a JUnit assumption). */
    static final TargetJdk MISSING = new TargetJdk(null, 0);

    /** Null for {@link #MISSING}. */
    final Path home;
    final int feature;

    private TargetJdk(Path home, int feature) {
        this.home = home;
        this.feature = feature;
    }

    Path java() {
        assumeInstalled();
        return home.resolve("bin/java");
    }

    /** Skips the calling test, saying why, when this is {@link #MISSING}. */
    void assumeInstalled() {
        assumeTrue(home != null, "no second JDK under " + JVM_DIR + " (a feature release other than "
                + Runtime.version().feature() + "): this test of the version matrix is skipped");
    }

    @Override
    public String toString() {
        return home == null ? "second JDK (not installed)" : "JDK " + feature;
    }

    static TargetJdk current() {
        return new TargetJdk(Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    /** The newest JDK under /usr/lib/jvm whose feature release differs from the current one, or null. */
    static TargetJdk other() {
        TargetJdk best = null;
        try (Stream<Path> homes = Files.list(JVM_DIR)) {
            for (Path home : (Iterable<Path>) homes::iterator) {
                int feature = featureOf(home);
                if (feature > 0 && feature != Runtime.version().feature()
                        && Files.isExecutable(home.resolve("bin/java"))
                        && (best == null || feature > best.feature)) {
                    best = new TargetJdk(home.toRealPath(), feature);
                }
            }
        } catch (IOException absent) {
            return null;
        }
        return best;
    }

    /** Both JDKs, for parameterized tests; the second is {@link #MISSING} when not installed. */
    static List<TargetJdk> all() {
        TargetJdk other = other();
        return List.of(current(), other != null ? other : MISSING);
    }

    /** Whether this JDK starts with the given VM flag (a collector a vendor may leave out, say). */
    boolean supports(String vmFlag) {
        try {
            Process p = new ProcessBuilder(java().toString(), vmFlag, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return -1;
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException unreadable) {
            return -1;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String first = version.split("[.+-]")[0];
        return first.matches("[0-9]+") ? Integer.parseInt(first) : -1;
    }
}
