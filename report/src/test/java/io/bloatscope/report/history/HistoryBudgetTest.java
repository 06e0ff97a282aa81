package io.bloatscope.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import io.bloatscope.report.read.TieredRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A week of history within the stated budget (docs/snapshot-format.md, "History tiers"), written by the
 * agent's tier writer with its defaults (history=1h, maxSize=100MB, maxFiles=5) from real snapshot
 * lines of JDK 17 and 25 (report/src/test/resources/bench: 5.7 KB and 8.8 KB, the latter with
 * malloc_info's free-chunk histogram), RSS in a daily wave plus one 1-interval spike three days
 * before the end: the files on disk stay within the budget, the last hour reads exact (every
 * snapshot, at the interval), and the spike is still the run's peak, at its own time.
 */
class HistoryBudgetTest {
    private static final long DAY_MILLIS = 86_400_000L;

    @ParameterizedTest
    @CsvSource({"17, 10000, 10", "25, 10000, 11"})
    void aWeekAtTheDefaultIntervalFitsItsBudget(String jdk, long intervalMillis, long budgetMegabytes,
            @TempDir Path dir) throws IOException {
        week(jdk, intervalMillis, budgetMegabytes, dir);
    }

    /** At 1 s the week writes 3.4 to 5.3 GB through the exact tier: about a minute on a busy 2-core machine. */
    @ParameterizedTest
    @CsvSource({"17, 1000, 50", "25, 1000, 50"})
    void aWeekAtOneSecondFitsItsBudget(String jdk, long intervalMillis, long budgetMegabytes, @TempDir Path dir)
            throws IOException {
        week(jdk, intervalMillis, budgetMegabytes, dir);
    }

    private static void week(String jdk, long intervalMillis, long budgetMegabytes, Path dir) throws IOException {
        int snapshots = (int) (7 * DAY_MILLIS / intervalMillis);
        int spikeAt = snapshots - (int) (3 * DAY_MILLIS / intervalMillis);
        long spikeRssBytes = 900L << 20;
        StretchedRun run = new StretchedRun(waveRun(dir, jdk), intervalMillis, snapshots).spike(spikeAt, spikeRssBytes);
        Path file = run.writeTiered(dir.resolve("week.jsonl"), 3_600_000L, 100L << 20, 5);

        long bytes = StretchedRun.bytesOnDisk(file);
        System.out.printf(Locale.ROOT, "history: a week at %d ms, JDK %s lines: %.1f MB on disk (%s)%n", intervalMillis,
                jdk, bytes / 1e6, filesAndSizes(dir));
        assertTrue(bytes <= budgetMegabytes * 1_000_000, bytes + " bytes on disk, budget " + budgetMegabytes + " MB");

        RunColumns columns = TieredRun.read(file);
        int last = columns.size() - 1;
        assertEquals(run.timeMillis(snapshots - 1), columns.timeMillis(last), "the run's last snapshot");
        int peak = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(Column.RSS, i) > columns.get(Column.RSS, peak)) {
                peak = i;
            }
        }
        assertEquals(run.timeMillis(spikeAt), columns.timeMillis(peak), "the spike three days ago is the peak");
        assertEquals(spikeRssBytes, columns.get(Column.RSS, peak));
        assertEquals(run.timeMillis(0), columns.timeMillis(0), "the week's first snapshot");

        // the last hour as written: the exact parts hold every snapshot of it, at the interval
        RunColumns exact = io.bloatscope.report.read.ColumnarReader.read(file);
        assertTrue(exact.timeMillis(0) <= run.timeMillis(snapshots - 1) - 3_600_000L, "exact tier starts "
                + (run.timeMillis(snapshots - 1) - exact.timeMillis(0)) / 60_000 + " min before the end");
        for (int i = 1; i < exact.size(); i++) {
            assertEquals(intervalMillis, exact.timeMillis(i) - exact.timeMillis(i - 1), "exact row " + i);
        }
    }

    private static String filesAndSizes(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().startsWith("week.jsonl")) {
                    s.append(String.format(Locale.ROOT, "%s %.2f MB, %d lines; ", p.getFileName(), Files.size(p) / 1e6,
                            Files.readAllLines(p).size()));
                }
            }
        }
        return s.toString();
    }

    /** The bench line of that JDK in 168 variants, one per hour of the week, RSS in a daily wave. */
    private static Path waveRun(Path dir, String jdk) throws IOException {
        String header = resource("jdk" + jdk + "-header.json");
        String snapshot = resource("jdk" + jdk + "-snapshot.json");
        List<String> lines = new ArrayList<>();
        lines.add(header);
        for (int hour = 0; hour < 168; hour++) {
            long rss = 300_000_000L + (long) (40_000_000 * Math.sin(hour * 2 * Math.PI / 24)) & ~4095L;
            lines.add(snapshot.replaceFirst("\"vmRssBytes\":\\d+", "\"vmRssBytes\":" + rss));
        }
        Path run = dir.resolve("wave-" + jdk + ".jsonl");
        Files.write(run, lines, StandardCharsets.UTF_8);
        return run;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HistoryBudgetTest.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
