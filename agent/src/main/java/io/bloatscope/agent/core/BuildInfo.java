package io.bloatscope.agent.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Which build of bloatscope.jar this is: version and build date, written into {@value #RESOURCE},
 * and the git commit, written into {@value #COMMIT_RESOURCE}, when the jar is assembled (by the
 * report module's build: resource filtering and {@code git rev-parse}). The
 * CLI prints it for {@code --version} and the agent puts it in every snapshot header, so a
 * snapshot file says which build wrote it. Run from module classes, without the jar, each field is
 * "unknown" rather than a guess.
 */
public final class BuildInfo {
    static final String RESOURCE = "/io/bloatscope/build.properties";
    static final String COMMIT_RESOURCE = "/io/bloatscope/build-commit.txt";
    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = read();

    public final String version;
    public final String commit;
    public final String date;

    private BuildInfo(String version, String commit, String date) {
        this.version = version;
        this.commit = commit;
        this.date = date;
    }

    public static BuildInfo current() {
        return CURRENT;
    }

    /** "bloatscope 0.1.0 (commit 3824443a1b2c, built 2026-01-05T10:00:00Z)" */
    public String line() {
        return "bloatscope " + version + " (commit " + commit + ", built " + date + ")";
    }

    private static BuildInfo read() {
        Properties properties = new Properties();
        String commit = "";
        // Read through this class, so the application's class path cannot hand us another jar's file.
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE);
                InputStream commitIn = BuildInfo.class.getResourceAsStream(COMMIT_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
            if (commitIn != null) {
                commit = new String(commitIn.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException | RuntimeException ignored) {
            // Every field stays unknown; a header without a build is still a header.
        }
        properties.setProperty("commit", commit.matches("[0-9a-f]{7,40}") ? commit : "");
        return new BuildInfo(field(properties, "version"), field(properties, "commit"), field(properties, "date"));
    }

    /** A value that filtering did not replace (no git at build time) reads as unknown. */
    private static String field(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }
}
