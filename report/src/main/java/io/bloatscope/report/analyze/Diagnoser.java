package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Series;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictOrder;
import io.bloatscope.report.read.CaptureLines;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.TieredRun;
import io.bloatscope.report.read.RunColumns;
import io.bloatscope.report.read.RunEnding;
import io.bloatscope.report.read.RunTail;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The analysis engine's entry point: reads a run, builds the ledger, runs one detector per verdict
 * kind, keeps account of which ledger parts were judged ({@link Assessment}) and assembles the
 * {@link Diagnosis}: judged findings first, then {@code INCONCLUSIVE} for the parts that matter and
 * could not be judged, {@code HEALTHY} only when there are none and nothing reached the bar. Inputs it cannot fully judge (NMT off, a truncated last
 * line, one snapshot, a short run, a newer schema) give a Diagnosis whose notes say what and why,
 * never an exception; only an unreadable file is an {@link IOException}.
 */
public final class Diagnoser {
    /** Verdicts at or above this are findings; below it a run is HEALTHY. */
    public static final double VERDICT_THRESHOLD = 0.5;
    /** Weaker verdicts are still listed beside a finding when they reach this. */
    static final double LISTED_THRESHOLD = 0.25;
    /** The ledger and series handed to renderers are thinned to about this many points (peaks kept). */
    public static final int MAX_CHART_POINTS = 1000;
    /** Runs shorter than this get a note: trends over seconds show direction, not persistence. */
    static final long SHORT_RUN_MILLIS = 10 * 60_000L;

    /**
     * In this order: the churn detector must run after the untracked-native judgement it reads and
     * before the held-native and malloc-bloat detectors, which name churn as their cause; so must
     * the JIT compiler's, whose peak they name as the cause of freed memory.
     */
    private static final List<Detector> DETECTORS = List.of(new HeapLeakDetector(), new NativeLeakDetector(),
            new NativeChurnDetector(), new DirectBufferLeakDetector(), new MappedBufferLeakDetector(),
            new MetaspaceLeakDetector(),
            new ThreadLeakDetector(), new JitCompilerDetector(), new NativeHeldDetector(), new MallocBloatDetector(), new HeapBloatDetector());

    private Diagnoser() {
    }

    public static Diagnosis diagnose(Path snapshotFile) throws IOException {
        RunColumns columns = TieredRun.read(snapshotFile);
        Diagnosis diagnosis = diagnose(columns, sites(columns.tail()));
        // Captures and the run's ending are facts of the file, not judgements: added beside them.
        RunEnding ending = RunEnding.read(snapshotFile, columns);
        return diagnosis.withEnd(CaptureLines.of(columns.captures()), ending.kind, ending.lastRssBytes,
                ending.limitBytes, ending.note());
    }

    /**
     * Columns held in memory (the live window of {@code io.bloatscope.report.live}) with the sites of
     * the latest snapshot in the file the agent writes, so a live verdict rests on the same evidence
     * as a report of that file.
     */
    public static Diagnosis diagnose(RunColumns columns, Path sitesFile) throws IOException {
        return diagnose(columns, sites(RunTail.readBackwards(sitesFile)));
    }

    /** The allocation sites and compiled methods the reader found at the end of the run. */
    private static SiteIndex sites(RunTail tail) {
        return CompiledMethods.over(SnapshotSites.of(tail), tail);
    }

    public static Diagnosis diagnose(RunColumns columns) {
        return diagnose(columns, SiteIndex.NONE);
    }

    public static Diagnosis diagnose(RunColumns columns, SiteIndex sites) {
        List<String> notes = new ArrayList<>();
        RunView run = new RunView(columns, sites);
        inputNotes(run, notes);
        LedgerSummary ledger = LedgerSummary.of(run, notes);
        Assessment assessment = new Assessment(notes);
        List<Verdict> verdicts = new ArrayList<>();
        if (run.durationMillis() < LeakRule.MIN_DURATION_MILLIS) {
            tooLittleData(run, ledger.latest, assessment); // first: this account of the parts is the one kept
        }
        if (run.size() >= 2) {
            for (Detector detector : DETECTORS) {
                Verdict verdict = detector.detect(run, assessment);
                if (verdict != null) {
                    verdicts.add(withSites(verdict, sites));
                }
            }
            PartTrends.judge(run, ledger.entries, assessment);
        }
        // Without NMT the untracked-native series holds the direct buffers' malloc too: not a second cause.
        verdicts = DirectBuffersInMalloc.apart(verdicts, run, assessment);
        verdicts = VerdictOrder.sorted(JitCompilerDetector.behindItsEffect(RootCause.merge(verdicts, assessment)));
        List<Assessment.Open> open = significantOpen(assessment, ledger);
        List<Verdict> shown = new ArrayList<>();
        boolean any = !verdicts.isEmpty() && verdicts.get(0).confidence >= VERDICT_THRESHOLD;
        if (!any) {
            WeakFindings.leaveOpen(verdicts, assessment);
            open = significantOpen(assessment, ledger);
        }
        for (Verdict v : verdicts) {
            if ((any || !open.isEmpty()) && v.confidence >= LISTED_THRESHOLD) {
                shown.add(v);
            } else if (v.confidence >= 0.1) {
                notes.add(String.format(Locale.ROOT, "Below the bar: %s at confidence %.2f: %s", v.kind, v.confidence,
                        v.summary));
            }
        }
        if (!open.isEmpty()) {
            shown.add(Conclusion.inconclusive(open, assessment));
        } else if (!any) {
            shown.add(Conclusion.healthy(run, verdicts, assessment));
        }
        return new Diagnosis(VerdictOrder.sorted(shown), ledger.entries, ledger.latest, ledger.peak, series(run),
                facts(run), notes, TrimEstimator.of(run));
    }

    private static Verdict withSites(Verdict v, SiteIndex sites) {
        if (!v.sites.isEmpty()) {
            return v;
        }
        Object category = v.evidence.get("nmtCategory");
        List<Site> found = sites.sitesFor(v.kind, category == null ? null : category.toString());
        return found.isEmpty() ? v : PooledSites.explain(v.withSites(found));
    }

    /**
     * The parts no detector could judge that matter: they grow (the detector says so) or hold at
     * least {@link Conclusion#SIGNIFICANT_SHARE} of RSS at the end of the run, or, for a part measured
     * only now and then (smaps' arenas), when it was last measured.
     */
    private static List<Assessment.Open> significantOpen(Assessment assessment, LedgerSummary ledger) {
        List<Assessment.Open> out = new ArrayList<>();
        for (Assessment.Open part : assessment.open()) {
            LedgerEntry measured = ledger.lastMeasured(part.part);
            boolean holds = measured != null && Conclusion.holdsShare(measured.bytes(part.part), measured.rssBytes);
            if (part.significant || holds) {
                out.add(part);
            }
        }
        return out;
    }

    /** Too few snapshots or seconds for any trend: every part that holds memory is open. */
    private static void tooLittleData(RunView run, LedgerEntry latest, Assessment assessment) {
        String reason = run.size() + " snapshot" + (run.size() == 1 ? "" : "s") + " over "
                + Math.round(run.durationMillis() / 100.0) / 10.0 + " s: too little to judge any trend";
        String remedy = "run longer: at least " + LeakRule.MIN_DURATION_MILLIS / 1000 + " s after warm-up with "
                + LeakRule.MIN_POINTS + " snapshots (a shorter interval helps)";
        boolean any = false;
        if (latest != null) {
            for (LedgerPart part : LedgerPart.values()) {
                if (Conclusion.holdsShare(latest.bytes(part), latest.rssBytes)) {
                    assessment.notJudged(new Assessment.Open(part, reason, remedy, 0, null, true,
                            new LinkedHashMap<>(), List.of()));
                    any = true;
                }
            }
        }
        if (!any) {
            assessment.notJudged(new Assessment.Open(LedgerPart.JAVA_HEAP, reason, remedy, 0, null, true,
                    new LinkedHashMap<>(), List.of()));
        }
    }

    private static void inputNotes(RunView run, List<String> notes) {
        RunColumns c = run.columns;
        if (c.headers().isEmpty()) {
            notes.add("No header line: JVM version, flags and NMT mode are unknown, so remedies are generic.");
        }
        if (run.facts.schema > JvmFacts.KNOWN_SCHEMA) {
            notes.add("Snapshot schema " + run.facts.schema + " is newer than this report knows ("
                    + JvmFacts.KNOWN_SCHEMA + "): fields it does not know were ignored.");
        }
        if (c.truncatedLastLine()) {
            notes.add("The last line was truncated (the process probably stopped while writing) and was skipped.");
        }
        for (String problem : c.problems()) {
            notes.add("Skipped: " + problem);
        }
        if (run.size() == 0) {
            notes.add("No snapshots in the run: nothing can be judged.");
        } else if (run.size() == 1) {
            notes.add("A single snapshot: the ledger is shown, but trends (leaks, bloat held over time) cannot be judged.");
        } else if (run.durationMillis() < LeakRule.MIN_DURATION_MILLIS) {
            notes.add("The run spans " + run.durationMillis() / 1000.0 + " s: at least "
                    + LeakRule.MIN_DURATION_MILLIS / 1000 + " s after warm-up are needed to judge a trend.");
        } else if (run.durationMillis() < SHORT_RUN_MILLIS) {
            notes.add("Short run (" + Math.round(run.durationMillis() / 1000.0) + " s): trends show direction,"
                    + " not that they would persist; confidences are lowered accordingly.");
        }
        if (!c.headers().isEmpty() && !run.facts.nmtOn()) {
            notes.add("NMT was off (start the JVM with -XX:NativeMemoryTracking=summary): native memory is not split"
                    + " by JVM category, thread stacks and JVM internals are not measured, and native leaks are judged"
                    + " from malloc_info/smaps only.");
        }
        if (run.size() > 0 && c.count(Column.MALLOC_IN_USE) == 0) {
            notes.add("No malloc_info (it needs JDK 18+): retained malloc memory can only be bounded from smaps,"
                    + " not split into trimmable and fragmented.");
        }
        if (run.size() > 0 && c.count(Column.SMAPS_MAIN_ARENA) == 0 && c.count(Column.MALLOC_IN_USE) == 0) {
            notes.add("No smaps samples either: glibc's arenas are not measured.");
        }
    }

    private static Map<String, Series> series(RunView run) {
        Map<String, Series> out = new LinkedHashMap<>();
        put(out, DiagnosisSeries.RSS, "bytes", run.points(Column.RSS));
        put(out, DiagnosisSeries.HEAP_USED, "bytes", run.points(Column.HEAP_USED));
        put(out, DiagnosisSeries.HEAP_COMMITTED, "bytes", run.points(Column.HEAP_COMMITTED));
        put(out, DiagnosisSeries.HEAP_AFTER_GC, "bytes", HeapLeakDetector.afterCollections(run));
        put(out, DiagnosisSeries.DIRECT, "bytes", run.points(Column.DIRECT_USED));
        put(out, DiagnosisSeries.MAPPED, "bytes", run.points(Column.MAPPED_USED));
        put(out, DiagnosisSeries.RSS_FILE, "bytes", run.points(Column.RSS_FILE));
        Points.Builder meta = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            if (run.columns.has(Column.METASPACE_USED, i)) {
                meta.add(run.columns.timeMillis(i), run.value(Column.METASPACE_USED, i) + run.orZero(Column.CLASS_SPACE_USED, i));
            }
        }
        put(out, DiagnosisSeries.METASPACE, "bytes", meta.build());
        put(out, DiagnosisSeries.CLASSES, "count", run.points(Column.CLASSES_LOADED));
        put(out, DiagnosisSeries.THREADS, "count", run.points(Column.THREADS_LIVE));
        put(out, DiagnosisSeries.NMT_OTHER, "bytes", run.points(Column.NMT_OTHER));
        put(out, DiagnosisSeries.NMT_JIT, "bytes", run.points(Column.NMT_JIT));
        // The series the verdicts judge, so that a chart never contradicts its verdict.
        SourcedSeries untracked = UntrackedNative.series(run);
        if (untracked != null) {
            put(out, DiagnosisSeries.UNTRACKED_NATIVE, "bytes", untracked.points);
        }
        put(out, DiagnosisSeries.MALLOC_RETAINED, "bytes", run.points(Column.MALLOC_FREE));
        return out;
    }

    private static void put(Map<String, Series> out, String name, String unit, Points points) {
        if (points.isEmpty()) {
            return;
        }
        Points thin = Thinning.keepExtremes(points, MAX_CHART_POINTS);
        out.put(name, new Series(name, unit, thin.timesMillis, thin.values));
    }

    private static Map<String, Object> facts(RunView run) {
        Map<String, Object> facts = new LinkedHashMap<>();
        List<Map<String, Object>> headers = run.columns.headers();
        if (!headers.isEmpty()) {
            Map<String, Object> h = headers.get(headers.size() - 1);
            for (String key : List.of("pid", "agentVersion", "schema", "jvm", "inputArguments", "gc", "maxHeapBytes",
                    "cpuCount", "os", "nmt", "glibcVersion", "containerLimitBytes", "mallocArenaMax", "ldPreload",
                    "intervalMillis", "options")) {
                if (h.containsKey(key)) {
                    facts.put(key, h.get(key));
                }
            }
        }
        facts.put("snapshots", run.size());
        facts.put("startMillis", run.startMillis);
        facts.put("endMillis", run.endMillis);
        facts.put("durationSeconds", run.durationMillis() / 1000.0);
        List<String> parts = new ArrayList<>();
        for (Path p : run.columns.parts()) {
            parts.add(p.getFileName().toString());
        }
        facts.put("parts", parts);
        return facts;
    }

    /**
     * The ledger at every snapshot, thinned for charts (per bucket the highest-RSS row read in full),
     * with its latest and peak (by RSS) entries, which the reader always reads in full.
     */
    private static final class LedgerSummary {
        final List<LedgerEntry> entries;
        final LedgerEntry latest;
        final LedgerEntry peak;

        private final Ledger ledger;
        private final int[] lastMeasuredRow;
        private final long startMillis;

        private LedgerSummary(List<LedgerEntry> entries, LedgerEntry latest, LedgerEntry peak, Ledger ledger,
                int[] lastMeasuredRow, long startMillis) {
            this.startMillis = startMillis;
            this.entries = entries;
            this.latest = latest;
            this.peak = peak;
            this.ledger = ledger;
            this.lastMeasuredRow = lastMeasuredRow;
        }

        /**
         * The latest entry in which a source measured the part, or null when there is none or it no
         * longer says what the part holds at the end ({@link MallocBloatDetector#outdated}, the rule
         * it reads smaps by).
         */
        LedgerEntry lastMeasured(LedgerPart part) {
            if (latest == null || !latest.unmeasured.contains(part)) {
                return latest;
            }
            int row = lastMeasuredRow == null ? -1 : lastMeasuredRow[part.ordinal()];
            if (row < 0) {
                return null;
            }
            LedgerEntry measured = ledger.entry(row);
            return MallocBloatDetector.outdated(measured.timeMillis, measured.rssBytes, measured.bytes(part), startMillis,
                    latest.timeMillis, latest.rssBytes) ? null : measured;
        }

        static LedgerSummary of(RunView run, List<String> notes) {
            Ledger ledger = new Ledger(run.columns);
            int n = run.size();
            long[] parts = new long[LedgerPart.values().length];
            Set<LedgerPart> unmeasured = EnumSet.noneOf(LedgerPart.class);
            int peakRow = -1;
            int latestRow = -1;
            int overExplainedRows = 0;
            int completeRows = 0;
            long maxOverExplained = 0;
            int[] lastMeasuredRow = new int[LedgerPart.values().length];
            Arrays.fill(lastMeasuredRow, -1);
            for (int i = 0; i < n; i++) {
                if (!run.columns.has(Column.RSS, i)) {
                    continue;
                }
                latestRow = i;
                if (peakRow < 0 || run.value(Column.RSS, i) > run.value(Column.RSS, peakRow)) {
                    peakRow = i;
                }
                if (!run.columns.complete(i)) {
                    continue; // a light row of a long run has no NMT or malloc parts to split
                }
                completeRows++;
                unmeasured.clear();
                long over = ledger.split(i, parts, unmeasured);
                for (LedgerPart part : LedgerPart.values()) {
                    if (!unmeasured.contains(part)) {
                        lastMeasuredRow[part.ordinal()] = i;
                    }
                }
                if (over > 0) {
                    overExplainedRows++;
                    maxOverExplained = Math.max(maxOverExplained, over);
                }
            }
            if (overExplainedRows > 0) {
                notes.add("In " + overExplainedRows + " of " + completeRows + " snapshots the sources add up to more than RSS (by up to "
                        + Sizes.of(maxOverExplained) + "): NMT counts committed memory, not resident; there the"
                        + " NMT-based parts are scaled down to fit RSS and unexplained is 0.");
            }
            if (latestRow < 0) {
                return new LedgerSummary(List.of(), null, null, ledger, null, run.startMillis);
            }
            List<LedgerEntry> entries = new ArrayList<>();
            int buckets = Math.min(n, MAX_CHART_POINTS);
            for (int b = 0; b < buckets; b++) {
                int from = (int) ((long) n * b / buckets);
                int to = (int) ((long) n * (b + 1) / buckets);
                int best = -1;
                for (int i = from; i < to; i++) {
                    if (run.columns.has(Column.RSS, i) && run.columns.complete(i) && (best < 0 || run.value(Column.RSS, i) > run.value(Column.RSS, best))) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    entries.add(ledger.entry(best));
                }
            }
            LedgerEntry latest = ledger.entry(latestRow);
            LedgerEntry peak = ledger.entry(peakRow);
            return new LedgerSummary(entries, latest, peak, ledger, lastMeasuredRow, run.startMillis);
        }
    }
}
