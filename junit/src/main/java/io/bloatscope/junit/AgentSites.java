package io.bloatscope.junit;

import io.bloatscope.format.SnapshotFields;
import io.bloatscope.format.SnapshotTail;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The top allocation sites from the bloatscope agent, when the test JVM runs with it
 * ({@code -javaagent:bloatscope.jar=out=...,nativeSites=on,heapSites=on}), for a leak test's
 * failure message. The agent leaves its state in the system property {@code bloatscope.status}
 * ("running ... writing <file>"); its latest snapshot with a {@code sites} section is read from
 * the end of that file by the format module's {@link SnapshotTail}, the reader the report uses
 * (the agent's jar carries its own copy, relocated, so the two never clash). Without the agent, or
 * without site tracking, there is nothing to add.
 */
final class AgentSites {
    private static final String STATUS_PROPERTY = "bloatscope.status";
    private static final int TOP = 5;

    private AgentSites() {
    }

    /** Lines naming the top live native and surviving heap sites, or an empty list. */
    static List<String> describe() {
        try {
            String status = System.getProperty(STATUS_PROPERTY, "");
            int writing = status.indexOf(" writing ");
            if (!status.startsWith("running") || writing < 0) {
                return List.of();
            }
            Path file = Path.of(status.substring(writing + " writing ".length()).trim());
            Map<String, Object> snapshot = SnapshotTail.lastSites(file);
            if (snapshot == null) {
                return List.of();
            }
            Map<?, ?> sites = (Map<?, ?>) snapshot.get(SnapshotFields.SITES);
            List<String> lines = new ArrayList<>();
            top(sites.get(SnapshotFields.NATIVE_SITES), "liveBytes", lines, site -> String.format(Locale.ROOT,
                    "live native %s: %s, %s bytes in %s objects", site.get("kind"), site.get("frame"),
                    site.get("liveBytes"), site.get("liveCount")));
            top(sites.get(SnapshotFields.HEAP_SITES), "survivingCount", lines, site -> String.format(Locale.ROOT,
                    "surviving heap %s: %s, %s sampled objects alive", site.get("type"), site.get("frame"),
                    site.get("survivingCount")));
            return lines;
        } catch (IOException | RuntimeException unavailable) {
            // Sites are a bonus to the failure message; never a reason for another failure.
            return List.of();
        }
    }

    private static void top(Object list, String key, List<String> lines,
            java.util.function.Function<Map<?, ?>, String> format) {
        if (!(list instanceof List)) {
            return;
        }
        List<Map<?, ?>> sites = new ArrayList<>();
        for (Object element : (List<?>) list) {
            if (element instanceof Map && !"other".equals(((Map<?, ?>) element).get("frame"))
                    && number((Map<?, ?>) element, key) > 0) {
                sites.add((Map<?, ?>) element);
            }
        }
        sites.sort(Comparator.comparingLong((Map<?, ?> site) -> number(site, key)).reversed());
        for (Map<?, ?> site : sites.subList(0, Math.min(TOP, sites.size()))) {
            lines.add(format.apply(site));
        }
    }

    private static long number(Map<?, ?> site, String key) {
        Object value = site.get(key);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
