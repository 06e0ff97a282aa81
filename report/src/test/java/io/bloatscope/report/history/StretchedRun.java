package io.bloatscope.report.history;

import io.bloatscope.agent.history.History;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded run (report/src/test/resources/runs) stretched to days: snapshot {@code k} of the
 * stretched run is the recorded snapshot at the same fraction of the run, as the agent wrote it,
 * with its {@code seq}, {@code timeMillis} and {@code uptimeMillis} moved onto the longer timeline.
 * So every line has a real shape (JDK 17 or 25) and the run's trends keep their direction. It can
 * be written whole (one file, as without history) or through the agent's own {@link History}
 * writer (exact tier plus coarse tiers), from the same lines.
 */
final class StretchedRun {
    private static final Pattern SEQ = Pattern.compile("\"seq\":\\d+");
    private static final Pattern TIME = Pattern.compile("\"timeMillis\":\\d+");
    private static final Pattern UPTIME = Pattern.compile("\"uptimeMillis\":\\d+");
    private static final Pattern RSS = Pattern.compile("\"vmRssBytes\":\\d+");

    private final String header;
    private final List<String> recorded;
    private final long firstTimeMillis;
    private final long firstUptimeMillis;
    final long intervalMillis;
    final int snapshots;
    private int spikeAt = -1;
    private long spikeRssBytes;

    StretchedRun(Path recordedRun, long intervalMillis, int snapshots) throws IOException {
        List<String> lines = Files.readAllLines(recordedRun, StandardCharsets.UTF_8);
        String firstHeader = null;
        recorded = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{\"type\":\"header\"") && firstHeader == null) {
                firstHeader = line;
            } else if (line.startsWith("{\"type\":\"snapshot\"")) {
                recorded.add(line);
            }
        }
        header = firstHeader;
        firstTimeMillis = number(recorded.get(0), TIME);
        firstUptimeMillis = number(recorded.get(0), UPTIME);
        this.intervalMillis = intervalMillis;
        this.snapshots = snapshots;
    }

    /** Snapshot {@code k} reads {@code rssBytes} of RSS: one short peak for the tiers to keep. */
    StretchedRun spike(int k, long rssBytes) {
        spikeAt = k;
        spikeRssBytes = rssBytes;
        return this;
    }

    String header() {
        return header;
    }

    long timeMillis(int k) {
        return firstTimeMillis + k * intervalMillis;
    }

    String snapshot(int k) {
        String line = recorded.get((int) ((long) k * recorded.size() / snapshots));
        line = replaceFirst(line, SEQ, "\"seq\":" + k);
        line = replaceFirst(line, TIME, "\"timeMillis\":" + timeMillis(k));
        if (k == spikeAt) {
            line = replaceFirst(line, RSS, "\"vmRssBytes\":" + spikeRssBytes);
        }
        return replaceFirst(line, UPTIME, "\"uptimeMillis\":" + (firstUptimeMillis + k * intervalMillis));
    }

    /** Every snapshot in one file, as written without history (schema 1's only form). */
    Path writeWhole(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(header);
            out.write('\n');
            for (int k = 0; k < snapshots; k++) {
                out.write(snapshot(k));
                out.write('\n');
            }
        }
        return file;
    }

    /** The same snapshots through the agent's writer with {@code history=<windowMillis>}. */
    Path writeTiered(Path file, long windowMillis, long maxSizeBytes, int maxFiles) throws IOException {
        SnapshotFile exact = new SnapshotFile(file, History.exactPartBytes(maxSizeBytes), maxFiles, part -> header, false);
        History history = History.open(file, windowMillis, intervalMillis, maxSizeBytes, maxFiles, part -> header, false);
        try {
            for (int k = 0; k < snapshots; k++) {
                String line = snapshot(k);
                exact.writeLine(line);
                history.afterSnapshot(line, timeMillis(k), exact);
            }
        } finally {
            history.close();
            exact.close();
        }
        return file;
    }

    /** Bytes of the snapshot file and every part and tier next to it. */
    static long bytesOnDisk(Path file) throws IOException {
        long total = 0;
        try (var siblings = Files.list(file.getParent())) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                if (p.getFileName().toString().startsWith(file.getFileName().toString())) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    private static long number(String line, Pattern key) {
        Matcher m = key.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("recorded snapshot without " + key);
        }
        String match = m.group();
        return Long.parseLong(match.substring(match.indexOf(':') + 1));
    }

    private static String replaceFirst(String line, Pattern key, String replacement) {
        Matcher m = key.matcher(line);
        return m.find() ? line.substring(0, m.start()) + replacement + line.substring(m.end()) : line;
    }
}
