package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Series;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PLACEHOLDER, to be replaced by the analysis engine (reader → ledger → detectors) when it is
 * merged; only the signature of {@link #diagnose(Path)} is the seam the CLI relies on. It exists
 * so the renderers and the {@code report} and {@code demo} commands can be built and tested end to
 * end before the engine lands: it builds a naive ledger (RSS, committed heap, metaspace, code
 * cache, direct and mapped buffers, the rest unexplained), two series, and one HEALTHY verdict
 * that says no detector ran.
 *
 * <p>Contract the CLI relies on: input that is not a snapshot file at all throws an
 * {@link IOException} whose message is one line saying what is wrong.
 */
public final class Diagnoser {
    private static final int KNOWN_SCHEMA = 1;

    private Diagnoser() {
    }

    public static Diagnosis diagnose(Path snapshotFile) throws IOException {
        SnapshotRun run = SnapshotRun.read(snapshotFile);
        if (run.headers().isEmpty() && run.snapshots().isEmpty()) {
            throw new IOException("no header or snapshot line in it: not a bloatscope snapshot file");
        }
        List<String> notes = new ArrayList<>(run.problems());
        Map<String, Object> header = run.headers().isEmpty() ? Map.of() : run.headers().get(run.headers().size() - 1);
        long schema = Fields.getLong(header, "schema", KNOWN_SCHEMA);
        if (schema > KNOWN_SCHEMA) {
            notes.add("Written by a newer agent (snapshot schema " + schema + ", this report reads " + KNOWN_SCHEMA
                    + "): fields it does not know were ignored.");
        }
        if ("off".equals(Fields.get(header, "nmt.mode"))) {
            notes.add("NMT was off, so native memory is not split by JVM category. " + Fields.get(header, "nmt.hint"));
        }
        List<LedgerEntry> ledger = new ArrayList<>();
        int size = run.snapshots().size();
        long[] times = new long[size];
        double[] rss = new double[size];
        double[] liveHeap = new double[size];
        boolean overExplained = false;
        for (int i = 0; i < size; i++) {
            Map<String, Object> snapshot = run.snapshots().get(i);
            LedgerEntry entry = entry(snapshot);
            overExplained |= entry.bytes(LedgerPart.UNEXPLAINED) == 0;
            ledger.add(entry);
            times[i] = entry.timeMillis;
            rss[i] = entry.rssBytes;
            long live = Fields.getLong(snapshot, "heap.usedAfterGcBytes", -1);
            liveHeap[i] = live >= 0 ? live : Double.NaN; // -1 until the first collection
        }
        if (overExplained) {
            notes.add("At some snapshots the measured parts exceed RSS (committed is not resident); they were capped.");
        }
        if (size == 0) {
            notes.add("No snapshot, only a header: the agent stopped before its first interval.");
        } else if (size == 1) {
            notes.add("Only one snapshot: no trend can be judged. Run longer or with a shorter interval.");
        }
        notes.add("Placeholder analysis: the ledger is coarse and no leak or bloat detector ran.");
        LedgerEntry latest = ledger.isEmpty() ? null : ledger.get(ledger.size() - 1);
        LedgerEntry peak = latest;
        for (LedgerEntry entry : ledger) {
            if (entry.rssBytes > peak.rssBytes) {
                peak = entry;
            }
        }
        Map<String, Series> series = new LinkedHashMap<>();
        series.put("RSS", new Series("RSS", "bytes", times, rss));
        series.put("Heap used after GC", new Series("Heap used after GC", "bytes", times, liveHeap));
        Verdict healthy = new Verdict(VerdictKind.HEALTHY, 0.5,
                "No leak or bloat detector ran on this run (placeholder analysis); the ledger shows where the memory is.",
                Map.of("snapshotsCount", size), List.of(), List.of(), List.of("RSS", "Heap used after GC"));
        Map<String, Object> facts = new LinkedHashMap<>(header);
        facts.remove("type");
        return new Diagnosis(List.of(healthy), ledger, latest, peak, series, facts, notes);
    }

    private static LedgerEntry entry(Map<String, Object> snapshot) {
        long rss = Math.max(0, Fields.getLong(snapshot, "process.vmRssBytes", 0));
        long[] parts = new long[LedgerPart.values().length];
        long remaining = rss;
        remaining = take(parts, LedgerPart.JAVA_HEAP, Fields.getLong(snapshot, "heap.committedBytes", 0), remaining);
        remaining = take(parts, LedgerPart.METASPACE, Fields.getLong(snapshot, "nonHeap.metaspaceCommittedBytes", 0)
                + Fields.getLong(snapshot, "nonHeap.classSpaceCommittedBytes", 0), remaining);
        remaining = take(parts, LedgerPart.CODE_CACHE, Fields.getLong(snapshot, "nonHeap.codeCacheCommittedBytes", 0),
                remaining);
        long buffers = 0;
        for (Object pool : Fields.getList(snapshot, "buffers")) {
            buffers += Math.max(0, Fields.getLong(pool, "usedBytes", 0));
        }
        remaining = take(parts, LedgerPart.BUFFERS, buffers, remaining);
        parts[LedgerPart.UNEXPLAINED.ordinal()] = remaining;
        return new LedgerEntry(Fields.getLong(snapshot, "timeMillis", 0), rss, parts);
    }

    private static long take(long[] parts, LedgerPart part, long bytes, long remaining) {
        long taken = Math.min(Math.max(0, bytes), remaining);
        parts[part.ordinal()] = taken;
        return remaining - taken;
    }
}
