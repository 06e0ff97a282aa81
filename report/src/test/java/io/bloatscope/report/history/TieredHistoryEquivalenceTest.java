package io.bloatscope.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.HistoryNames;
import io.bloatscope.format.RunParts;
import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.read.TieredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user gets from a long run kept in history tiers is what they would have got from the whole
 * file: recorded runs of leaking, bloating and steady apps (JDK 17 and 25), stretched to a day at
 * 5 s (17,280 snapshots), written once whole and once through the agent's tier writer with the
 * default one-hour window (so every tier holds part of the day), both judged by the report: the same
 * verdict kinds, confidences within 0.05, the ledger's latest and peak entries identical, from a
 * fraction of the bytes.
 */
class TieredHistoryEquivalenceTest {
    private static final Path RUNS = Path.of("src/test/resources/runs");
    private static final long INTERVAL_MILLIS = 5_000;
    private static final int SNAPSHOTS = 17_280;
    /** The default hour: tier 1 (12 snapshots a span) then keeps 3 to 4.5 h, tier 2 12 to 18 h, tier 3 the rest. */
    private static final long WINDOW_MILLIS = 3_600_000;

    @ParameterizedTest
    @ValueSource(strings = {"HeapLeak-25", "QuietHeapLeak-liveSetExit-17", "LoaderLeak-defaults-25",
            "InflaterLeak-17", "DirectBufferLeak-17", "ThreadLeak-17", "MallocBloat-17",
            "MallocBloat-jemallocStats-25", "SteadyState-17", "ReleasedByGc-fixed-25"})
    void tieredHistoryJudgesLikeTheWholeFile(String run, @TempDir Path dir) throws Exception {
        StretchedRun stretched = new StretchedRun(RUNS.resolve(run + ".jsonl"), INTERVAL_MILLIS, SNAPSHOTS);
        Path whole = stretched.writeWhole(dir.resolve("whole.jsonl"));
        Path tiered = stretched.writeTiered(dir.resolve("tiered.jsonl"), WINDOW_MILLIS, 100L << 20, 5);

        Diagnosis full = Diagnoser.diagnose(whole);
        Diagnosis tiers = Diagnoser.diagnose(tiered);

        String both = run + "\nwhole:  " + describe(full) + "\ntiered: " + describe(tiers);
        assertEquals(kinds(full), kinds(tiers), both);
        for (Verdict v : full.verdicts) {
            double tieredConfidence = confidences(tiers).get(v.kind.name());
            assertTrue(Math.abs(v.confidence - tieredConfidence) <= 0.05, v.kind + " " + v.confidence + " vs "
                    + tieredConfidence + "\n" + both);
        }
        assertSameEntry("latest", full.latest, tiers.latest, both);
        assertSameEntry("peak", full.peak, tiers.peak, both);
        // the same day, from a fraction of the bytes (see HistoryBudgetTest for a week)
        assertEquals(full.facts.get("startMillis"), tiers.facts.get("startMillis"), both);
        assertEquals(full.facts.get("endMillis"), tiers.facts.get("endMillis"), both);
        assertTrue(StretchedRun.bytesOnDisk(tiered) * 5 < StretchedRun.bytesOnDisk(whole),
                StretchedRun.bytesOnDisk(tiered) + " bytes tiered vs " + StretchedRun.bytesOnDisk(whole) + " whole");
    }

    /**
     * The sites a verdict names and how the run ended come from the end of the run, which the tiered
     * read must keep: recorded runs with native sites that ended at exit, stretched to about
     * three hours so the tier files hold the start, report the same sites and the same ending as the
     * whole file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"NettyPooled-leak-nativeSites-17", "NettyPooled-leak-nativeSites-25", "UnsafeNativeLeak-captures-17"})
    void tieredHistoryKeepsTheSitesAndEndingOfTheRun(String run, @TempDir Path dir) throws Exception {
        StretchedRun stretched = new StretchedRun(RUNS.resolve(run + ".jsonl"), INTERVAL_MILLIS, 2_000);
        Path whole = stretched.writeWhole(dir.resolve("whole.jsonl"));
        Path tiered = stretched.writeTiered(dir.resolve("tiered.jsonl"), WINDOW_MILLIS, 100L << 20, 5);
        Path tier1 = tiered.resolveSibling(tiered.getFileName() + HistoryNames.FILE_SUFFIX + 1);
        assertTrue(Files.isRegularFile(tier1), "the stretched run left no tier file");

        Diagnosis full = Diagnoser.diagnose(whole);
        Diagnosis tiers = Diagnoser.diagnose(tiered);

        String both = run + "\nwhole:  " + describe(full) + "\ntiered: " + describe(tiers);
        assertEquals("exit", full.facts.get("ending"), both);
        assertEquals(full.facts.get("ending"), tiers.facts.get("ending"), both);
        assertFalse(frames(full).isEmpty(), "no verdict names a site\n" + both);
        assertEquals(frames(full), frames(tiers), both);
    }

    /**
     * Exact parts that ended before the finest tier's newest line are not read: the tier holds their
     * picks already, and they were most of the bytes (the judging above is on the same read).
     */
    @org.junit.jupiter.api.Test
    void exactPartsTheFinestTierCoversAreNotRead(@TempDir Path dir) throws Exception {
        StretchedRun stretched = new StretchedRun(RUNS.resolve("SteadyState-17.jsonl"), INTERVAL_MILLIS, SNAPSHOTS);
        Path tiered = stretched.writeTiered(dir.resolve("tiered.jsonl"), WINDOW_MILLIS, 100L << 20, 5);
        List<Path> exactParts = RunParts.oldestFirst(tiered);
        assertTrue(exactParts.size() >= 3, "the hour rotates by age into parts: " + exactParts);
        List<Path> read = TieredRun.read(tiered).parts();
        assertTrue(read.contains(tiered), "the newest part is read: " + read);
        for (Path older : exactParts.subList(0, exactParts.size() - 2)) {
            assertFalse(read.contains(older), older.getFileName() + " ended before tier 1's newest line, yet was read: " + read);
        }
    }

    private static List<String> frames(Diagnosis d) {
        List<String> frames = new ArrayList<>();
        for (Verdict v : d.verdicts) {
            for (Site site : v.sites) {
                frames.add(v.kind + " " + site.frame + " " + site.bytes);
            }
        }
        return frames;
    }

    private static void assertSameEntry(String which, LedgerEntry whole, LedgerEntry tiered, String both) {
        assertEquals(whole.timeMillis, tiered.timeMillis, which + " time\n" + both);
        assertEquals(whole.rssBytes, tiered.rssBytes, which + " RSS\n" + both);
        for (LedgerPart part : LedgerPart.values()) {
            assertEquals(whole.bytes(part), tiered.bytes(part), which + " " + part + "\n" + both);
        }
    }

    private static List<String> kinds(Diagnosis d) {
        List<String> kinds = new ArrayList<>();
        for (Verdict v : d.verdicts) {
            kinds.add(v.kind.name());
        }
        kinds.sort(null);
        return kinds;
    }

    private static Map<String, Double> confidences(Diagnosis d) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (Verdict v : d.verdicts) {
            byKind.put(v.kind.name(), v.confidence);
        }
        return byKind;
    }

    private static String describe(Diagnosis d) {
        StringBuilder s = new StringBuilder();
        for (Verdict v : d.verdicts) {
            s.append(v.kind).append(String.format(java.util.Locale.ROOT, " %.3f; ", v.confidence));
        }
        return s.append(d.facts.get("snapshots")).append(" snapshots").toString();
    }
}
