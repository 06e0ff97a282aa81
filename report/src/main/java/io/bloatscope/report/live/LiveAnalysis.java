package io.bloatscope.report.live;

import io.bloatscope.agent.metrics.Exposition;
import io.bloatscope.agent.metrics.LiveModel;
import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.RollingColumns;
import io.bloatscope.report.read.RunColumns;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analysis engine inside the target, for {@code metrics=}: each snapshot line the agent wrote is
 * scanned once into a rolling window of columns ({@link RollingColumns}); its ledger is split by the
 * report's own code (the {@link Diagnoser} on that one row, so the parts add up to RSS exactly as in
 * a report), and at most once per {@code liveVerdict} the Diagnoser judges the whole window, so
 * {@code bloatscope_verdict_confidence} is the verdict a report of the last hour would give.
 *
 * <p>Found by name by the agent ({@link LiveModel#IMPLEMENTATION}); used by the metrics thread only.
 * Exposes no header field, command line, path or option: only the figures below.
 */
public final class LiveAnalysis implements LiveModel {
    /** Native sites exposed, largest live bytes first: bounded cardinality. */
    static final int TOP_SITES = 10;
    /** A site label longer than this is cut (a frame is typically 60 to 120 characters). */
    static final int MAX_SITE_CHARS = 160;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private RollingColumns window;
    private Path sitesFile;
    private LiveVerdict verdict;
    private long evaluations;
    private double lastUpdateCpuSeconds = -1;

    public LiveAnalysis() {
    }

    @Override
    public void configure(String headerLine, Path snapshotFile, int windowRows) {
        List<Map<String, Object>> headers = new ArrayList<>();
        boolean sites = false;
        try {
            Map<String, Object> header = Json.parseObject(headerLine);
            headers.add(header);
            String options = String.valueOf(header.get("options"));
            sites = !options.contains("nativeSites=off") || !options.contains("heapSites=off");
        } catch (RuntimeException unreadable) { // JsonException among them
            // Without a header the engine judges with generic facts and says so in its notes.
        }
        // Without sites in the run, reading the file's tail for them would only cost time.
        sitesFile = sites ? snapshotFile : null;
        window = new RollingColumns(headers, windowRows);
        verdict = null;
    }

    @Override
    public Exposition add(byte[] snapshotLine, boolean evaluateVerdict) {
        long startCpu = cpuNanos();
        RunColumns one = window.add(snapshotLine);
        if (one == null) {
            return null;
        }
        Map<String, Object> snapshot;
        try {
            snapshot = Json.parseObject(new String(snapshotLine, StandardCharsets.UTF_8));
        } catch (JsonException unreadable) {
            return null;
        }
        Diagnosis now = Diagnoser.diagnose(one);
        if (evaluateVerdict) {
            verdict = evaluate();
            evaluations++;
        }
        Families out = new Families();
        ledger(now.latest, out);
        JvmFigures.add(snapshot, out);
        own(one, snapshot, now, out);
        verdict(out);
        sites(snapshot, out);
        Exposition exposition = new LiveExposition(out.build());
        long endCpu = cpuNanos();
        lastUpdateCpuSeconds = startCpu < 0 || endCpu < 0 ? -1 : (endCpu - startCpu) / 1e9;
        return exposition;
    }

    private LiveVerdict evaluate() {
        long startCpu = cpuNanos();
        long startAllocated = threads.getCurrentThreadAllocatedBytes();
        long startWall = System.nanoTime();
        RunColumns columns = window.window();
        Diagnosis diagnosis;
        try {
            diagnosis = sitesFile == null ? Diagnoser.diagnose(columns) : Diagnoser.diagnose(columns, sitesFile);
        } catch (IOException unreadable) {
            diagnosis = Diagnoser.diagnose(columns); // sites are evidence, not a condition: judge without them
        }
        Map<VerdictKind, Double> confidence = new EnumMap<>(VerdictKind.class);
        for (Verdict v : diagnosis.verdicts) {
            confidence.merge(v.kind, v.confidence, Math::max);
        }
        double wall = (System.nanoTime() - startWall) / 1e9;
        long endCpu = cpuNanos();
        long allocated = threads.getCurrentThreadAllocatedBytes() - startAllocated;
        int n = columns.size();
        double span = n < 2 ? 0 : (columns.timeMillis(n - 1) - columns.timeMillis(0)) / 1000.0;
        return new LiveVerdict(confidence, diagnosis.trimEstimate.bytes, System.currentTimeMillis(), n, span,
                startCpu < 0 || endCpu < 0 ? -1 : (endCpu - startCpu) / 1e9, wall, Math.max(0, allocated));
    }

    private long cpuNanos() {
        try {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException off) {
            return -1;
        }
    }

    private static void ledger(LedgerEntry latest, Families out) {
        if (latest == null) {
            return;
        }
        out.bytes("process_resident_memory_bytes", "Resident memory size in bytes.", latest.rssBytes);
        for (LedgerPart part : LedgerPart.values()) {
            String name = part.name().toLowerCase(Locale.ROOT);
            out.bytes("bloatscope_ledger_bytes", "RSS split into parts that add up to it, as in bloatscope's report: "
                    + "a part no source measured in this snapshot is 0 and its bytes are in unexplained.",
                    latest.bytes(part), "part", name);
            out.gauge("bloatscope_ledger_unmeasured", "1 when no source measured this ledger part in the latest "
                    + "snapshot (its bytes are then inside unexplained), else 0.", latest.unmeasured.contains(part) ? 1 : 0,
                    "part", name);
        }
    }

    private void own(RunColumns one, Map<String, Object> snapshot, Diagnosis now, Families out) {
        out.seconds("bloatscope_snapshot_timestamp_seconds", "When the snapshot these metrics come from was taken "
                + "(seconds since the epoch).", one.timeMillis(0) / 1000.0);
        if (one.has(Column.MALLOC_ARENAS, 0)) {
            out.gauge("bloatscope_malloc_arenas", "glibc malloc arenas (malloc_info).", one.get(Column.MALLOC_ARENAS, 0));
        }
        Long trim = now.trimEstimate.bytes != null ? now.trimEstimate.bytes
                : verdict == null ? null : verdict.trimEstimateBytes;
        if (trim != null) {
            out.bytes("bloatscope_trim_estimate_bytes", "What malloc_trim would give back now, as the report "
                    + "estimates it (latest snapshot with the figures it needs).", trim);
        }
        long limit = Fields.getLong(snapshot, "cgroup.limitBytes", -1);
        if (limit > 0) {
            out.bytes("bloatscope_memory_limit_bytes", "The container's memory limit (cgroup).", limit);
            long usage = Fields.getLong(snapshot, "cgroup.usageBytes", -1);
            if (usage >= 0) {
                out.bytes("bloatscope_memory_limit_usage_bytes", "Memory the cgroup charges against its limit, page "
                        + "cache included.", usage);
            }
        }
        long agentCpu = Fields.getLong(snapshot, "agent.cpuNanos", -1);
        if (agentCpu >= 0) {
            out.counter("bloatscope_agent_sampler_cpu_seconds", "CPU time of the agent's sampling thread since it "
                    + "started.", agentCpu / 1e9);
        }
        if (lastUpdateCpuSeconds >= 0) {
            out.seconds("bloatscope_metrics_update_cpu_seconds", "CPU time the metrics thread spent on the previous "
                    + "snapshot (scan, ledger, model), live verdict included when one ran.", lastUpdateCpuSeconds);
        }
        out.bytes("bloatscope_verdict_window_capacity_bytes", "Heap the live window holds at most (its arrays at "
                + "full capacity).", window.capacityBytes());
    }

    private void verdict(Families out) {
        out.counter("bloatscope_verdict_evaluations", "Live verdicts run since the endpoint started.", evaluations);
        LiveVerdict v = verdict;
        if (v == null) {
            return; // no evaluation yet: no confidence is better than an invented one
        }
        for (Map.Entry<VerdictKind, Double> e : v.confidence.entrySet()) {
            out.gauge("bloatscope_verdict_confidence", "The live verdict: confidence of each kind over the window, "
                    + "as bloatscope's report of those snapshots would give it (0 when the report lists no such "
                    + "verdict).", e.getValue(), "kind", e.getKey().name());
        }
        out.seconds("bloatscope_verdict_timestamp_seconds", "When the live verdict last ran (seconds since the epoch).",
                v.timeMillis / 1000.0);
        out.gauge("bloatscope_verdict_window_snapshots", "Snapshots the live verdict judged.", v.windowSnapshots);
        out.seconds("bloatscope_verdict_window_seconds", "Time span the live verdict judged.", v.windowSeconds);
        if (v.cpuSeconds >= 0) {
            out.seconds("bloatscope_verdict_evaluation_cpu_seconds", "CPU time of the last live verdict.", v.cpuSeconds);
        }
        out.seconds("bloatscope_verdict_evaluation_duration_seconds", "Wall time of the last live verdict.",
                v.wallSeconds);
        out.bytes("bloatscope_verdict_evaluation_allocated_bytes", "Heap the last live verdict allocated (garbage "
                + "once it returned).", v.allocatedBytes);
    }

    private static void sites(Map<String, Object> snapshot, Families out) {
        List<Map<?, ?>> live = new ArrayList<>();
        for (Map<?, ?> site : JvmFigures.objects(snapshot, "sites.native")) {
            if (number(site, "liveBytes") > 0) {
                live.add(site);
            }
        }
        live.sort((a, b) -> Long.compare(number(b, "liveBytes"), number(a, "liveBytes")));
        for (Map<?, ?> site : live.subList(0, Math.min(TOP_SITES, live.size()))) {
            String kind = label(String.valueOf(site.get("kind")));
            String frame = label(String.valueOf(site.get("frame")));
            out.bytes("bloatscope_site_live_bytes", "Native memory still live per allocation site (nativeSites), the "
                    + TOP_SITES + " largest.", number(site, "liveBytes"), "kind", kind, "site", frame);
            out.gauge("bloatscope_site_live_count", "Objects still live per allocation site (nativeSites), the "
                    + TOP_SITES + " largest by bytes.", number(site, "liveCount"), "kind", kind, "site", frame);
        }
    }

    /** Printable and short: control characters become spaces, and the label is cut at {@link #MAX_SITE_CHARS}. */
    static String label(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SITE_CHARS));
        for (int i = 0; i < text.length() && out.length() < MAX_SITE_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? ' ' : c);
        }
        if (text.length() > MAX_SITE_CHARS) {
            out.setLength(MAX_SITE_CHARS - 3);
            out.append("...");
        }
        return out.toString();
    }

    private static long number(Map<?, ?> site, String key) {
        Object value = site.get(key);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
