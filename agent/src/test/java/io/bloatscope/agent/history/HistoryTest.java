package io.bloatscope.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tier writer on a run of synthetic snapshots at 100 ms with a 60 s window (tier spans 1 s,
 * 10 s, 60 s; kept 3, 12 and 192 minutes): peaks of RSS, of the live set and of NMT that lie far
 * older than the exact window survive as whole snapshots, marked with what they are the pick of.
 */
class HistoryTest {
    private static final long INTERVAL_MILLIS = 100;
    private static final long WINDOW_MILLIS = 60_000;
    private static final String HEADER = "{\"type\":\"header\",\"schema\":2,\"pid\":1,\"jvmStartMillis\":5}";
    private static final Pattern TIME = Pattern.compile("\"timeMillis\":(\\d+)");

    @Test
    void everyPeakSurvivesAsTheWholeSnapshotThatHeldIt(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run.jsonl");
        int snapshots = 30 * 60 * 10; // half an hour: the peaks below are older than tier 1 keeps
        int rssPeak = 1_234;
        int livePeak = 2_345;
        int nmtPeak = 3_456;
        List<String> written = write(out, snapshots, k -> line(k, k == rssPeak ? 900 : 300 + k % 7,
                k == livePeak ? 700 : 100, k == nmtPeak ? 500 : 200));

        List<String> tier3 = lines(History.tierPath(out, 3));
        assertEquals(HEADER.replace("{\"type\":\"header\",", "{\"type\":\"header\",\"tier\":{\"level\":3,\"spanMillis\":60000},"),
                tier3.get(0));
        assertPick(tier3, written.get(rssPeak), "rssMax");
        assertPick(tier3, written.get(livePeak), "liveSetMax");
        assertPick(tier3, written.get(nmtPeak), "nmtMax");
        // tiers 1 and 2 keep 3 to 4 and 12 to 16 minutes: not the peak of 28 minutes ago, but their own span's
        for (int level = 1; level <= 2; level++) {
            for (String line : withRotatedParts(History.tierPath(out, level))) {
                assertFalse(line.endsWith(withoutType(written.get(rssPeak))), "tier " + level + " rotated it away");
            }
        }
        // the spans still open (the last second, the last 10 s) are in the exact tier only
        assertPick(withRotatedParts(History.tierPath(out, 2)), written.get(snapshots - 101), "last");
        assertPick(withRotatedParts(History.tierPath(out, 1)), written.get(snapshots - 11), "last");
    }

    @Test
    void theExactPartsCoverTheWindowAndAFourthOfItAtMost(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run.jsonl");
        int snapshots = 5 * 60 * 10;
        write(out, snapshots, k -> line(k, 300, 100, 200));
        long newest = time(snapshots - 1);
        long oldest = Long.MAX_VALUE;
        for (int part = 0; part < 5; part++) {
            Path p = part == 0 ? out : out.resolveSibling("run.jsonl." + part);
            for (String line : lines(p)) {
                Matcher m = TIME.matcher(line);
                if (line.startsWith("{\"type\":\"snapshot\"") && m.find()) {
                    oldest = Math.min(oldest, Long.parseLong(m.group(1)));
                }
            }
        }
        long covered = newest - oldest;
        assertTrue(covered >= WINDOW_MILLIS && covered <= WINDOW_MILLIS * 5 / 4, covered + " ms exact");
        assertFalse(Files.exists(out.resolveSibling("run.jsonl.5")));
    }

    @Test
    void aCaptureIsKeptInTheCoarsestTier(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run.jsonl");
        History history = History.open(out, WINDOW_MILLIS, INTERVAL_MILLIS, 100L << 20, 5, part -> HEADER, false);
        String capture = "{\"type\":\"capture\",\"seq\":7,\"timeMillis\":1700000000700,\"threshold\":0.75}";
        history.afterCapture(capture);
        history.close();
        assertEquals(capture, lines(History.tierPath(out, 3)).get(1));
        assertFalse(Files.exists(History.tierPath(out, 2)), "only the coarsest tier keeps captures; the others open at their first span");
    }

    @Test
    void noTiersWhenMaxSizeLeavesThemNoRoomAndNoTierFileBeforeItsFirstSpanEnds(@TempDir Path dir) throws IOException {
        Path small = dir.resolve("small.jsonl");
        write(small, 3_000, 2L << 20, k -> line(k, 300, 100, 200)); // 2 MB parts: tier parts would be 51 KB
        Path brief = dir.resolve("brief.jsonl");
        write(brief, 9, 100L << 20, k -> line(k, 300, 100, 200)); // under a second: no span of tier 1 ended
        for (int level = 1; level <= 3; level++) {
            assertFalse(Files.exists(History.tierPath(small, level)), "tier " + level);
            assertFalse(Files.exists(History.tierPath(brief, level)), "tier " + level);
        }
        assertFalse(Files.exists(small.resolveSibling("small.jsonl.1")), "nor rotate the exact part by age: as history=off");
        assertTrue(Files.exists(brief.resolveSibling("brief.jsonl")));
    }

    @Test
    void aFailureStopsTheTiersQuietlyAndNeverReachesTheCaller(@TempDir Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("gone"));
        Path out = dir.resolve("run.jsonl");
        SnapshotFile exact = new SnapshotFile(out, 0, 5, part -> HEADER, false);
        History history = History.open(out, WINDOW_MILLIS, INTERVAL_MILLIS, 0, 5, part -> HEADER, false);
        int k = 0;
        for (; k < 3_000; k++) {
            if (k == 100) {
                // the directory goes away under the agent: the open exact part still takes lines, but
                // tier 2's first file (at 10 s) cannot be created: the history stops there, logged once
                try (var files = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) files::iterator) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
            String line = line(k, 300, 100, 200);
            exact.writeLine(line); // would throw if the stopped history still rotated it by age (at 15 s)
            history.afterSnapshot(line, time(k), exact); // never throws
        }
        for (int more = 0; more < 100; more++) {
            history.afterSnapshot(line(k + more, 300, 100, 200), time(k + more), exact);
            history.afterCapture("{\"type\":\"capture\"}");
        }
        history.close();
        exact.close();
        assertFalse(Files.exists(dir));
    }

    private interface Lines {
        String line(int k);
    }

    private static List<String> write(Path out, int snapshots, Lines lines) throws IOException {
        return write(out, snapshots, 100L << 20, lines);
    }

    private static List<String> write(Path out, int snapshots, long maxSizeBytes, Lines lines) throws IOException {
        List<String> written = new ArrayList<>();
        SnapshotFile exact = new SnapshotFile(out, History.exactPartBytes(maxSizeBytes), 5, part -> HEADER, false);
        History history = History.open(out, WINDOW_MILLIS, INTERVAL_MILLIS, maxSizeBytes, 5, part -> HEADER, false);
        for (int k = 0; k < snapshots; k++) {
            String line = lines.line(k);
            written.add(line);
            exact.writeLine(line);
            history.afterSnapshot(line, time(k), exact);
        }
        history.close();
        exact.close();
        return written;
    }

    private static void assertPick(List<String> tier, String snapshot, String holds) {
        for (String line : tier) {
            if (line.endsWith(withoutType(snapshot))) {
                assertTrue(line.matches("\\{\"type\":\"snapshot\",\"tier\":\\{\"level\":\\d,\"spanMillis\":\\d+,"
                        + "\"fromMillis\":\\d+,\"snapshots\":\\d+,\"holds\":\\[[^]]*\"" + holds + "\"[^]]*]},.*"), line);
                return;
            }
        }
        throw new AssertionError("no pick " + holds + " in " + tier.size() + " lines: " + snapshot);
    }

    private static String withoutType(String snapshot) {
        return snapshot.substring("{\"type\":\"snapshot\",".length());
    }

    private static long time(int k) {
        return 1_700_000_000_000L + k * INTERVAL_MILLIS;
    }

    private static String line(int k, long rssMb, long liveMb, long nmtMb) {
        return "{\"type\":\"snapshot\",\"seq\":" + k + ",\"timeMillis\":" + time(k) + ",\"process\":{\"vmRssBytes\":"
                + (rssMb << 20) + "},\"heap\":{\"usedAfterGcBytes\":" + (liveMb << 20) + "},\"nmt\":{\"totalCommittedBytes\":"
                + (nmtMb << 20) + "}}";
    }

    private static List<String> withRotatedParts(Path file) throws IOException {
        List<String> all = new ArrayList<>(lines(file));
        for (int part = 1; Files.exists(file.resolveSibling(file.getFileName() + "." + part)); part++) {
            all.addAll(lines(file.resolveSibling(file.getFileName() + "." + part)));
        }
        return all;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
