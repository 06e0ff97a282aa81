package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Series;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.TrimEstimate;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built diagnoses for renderer tests, with strings a hostile target could put in them. */
final class Diagnoses {
    static final String HOSTILE = "<script>alert(1)</script>\"'&|*_`\u001b[31m";
    static final long MB = 1 << 20;
    static final long START = 1_700_000_000_000L;

    private Diagnoses() {
    }

    /** Malloc bloat (0.9) and a weaker heap leak (0.6), given in the wrong order on purpose. */
    static Diagnosis bloat(int snapshots) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("retainedBytes", 480 * MB);
        evidence.put("trimWouldReleaseBytes", 345 * MB);
        evidence.put("arenaCount", 9);
        evidence.put("liveNativeGrowthBytesPerMinute", 0.0);
        evidence.put("hostile" + HOSTILE, HOSTILE);
        Verdict bloat = new Verdict(VerdictKind.MALLOC_BLOAT, 0.9,
                "glibc keeps 480 MB of freed memory resident in 9 arenas; a trim would give back about 345 MB.",
                evidence, List.of(new Site("com.example.Pool.grow(Pool.java:42)", 300 * MB, Map.of("count", 1200))),
                List.of("Set MALLOC_ARENA_MAX=2", "Run with -XX:TrimNativeHeapInterval=60000"),
                List.of("Malloc free bytes", "missing series"));
        Verdict leak = new Verdict(VerdictKind.HEAP_LEAK, 0.6, "Heap after GC grows 1.5 MB/min.",
                Map.of("growthBytesPerMinute", 1.5 * MB, "windowMillis", 600_000),
                List.of(new Site(HOSTILE, 12 * MB, Map.of("type", HOSTILE))), List.of("Fix " + HOSTILE),
                List.of("Heap used after GC"));
        List<LedgerEntry> ledger = new ArrayList<>();
        long[] times = new long[snapshots];
        double[] free = new double[snapshots];
        double[] live = new double[snapshots];
        LedgerEntry peak = null;
        for (int i = 0; i < snapshots; i++) {
            long[] parts = new long[LedgerPart.values().length];
            parts[LedgerPart.JAVA_HEAP.ordinal()] = 200 * MB + (i % 50) * MB;
            parts[LedgerPart.METASPACE.ordinal()] = 40 * MB;
            parts[LedgerPart.MALLOC_IN_USE.ordinal()] = 30 * MB;
            parts[LedgerPart.MALLOC_RETAINED.ordinal()] = Math.min(480, i) * MB;
            parts[LedgerPart.UNEXPLAINED.ordinal()] = 25 * MB;
            long rss = 0;
            for (long part : parts) {
                rss += part;
            }
            LedgerEntry entry = new LedgerEntry(START + i * 1000L, rss, parts);
            ledger.add(entry);
            if (peak == null || rss > peak.rssBytes) {
                peak = entry;
            }
            times[i] = entry.timeMillis;
            free[i] = parts[LedgerPart.MALLOC_RETAINED.ordinal()];
            live[i] = 100 * MB + i * 25_000.0;
        }
        Map<String, Series> series = new LinkedHashMap<>();
        series.put("Malloc free bytes", new Series("Malloc free bytes", "bytes", times, free));
        series.put("Heap used after GC", new Series("Heap used after GC", "bytes", times, live));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("pid", 4242);
        facts.put("jvm", Map.of("version", "17.0.15", "command", "com.example.Main " + HOSTILE));
        facts.put("nmt.mode", "summary");
        facts.put("containerLimitBytes", -1);
        return new Diagnosis(List.of(leak, bloat), ledger, ledger.isEmpty() ? null : ledger.get(ledger.size() - 1),
                peak, series, facts, List.of("Note with " + HOSTILE));
    }

    static final String CHURN_SITE = "com.example.Decoder.decode(Decoder.java:77)";

    /**
     * An INCONCLUSIVE first verdict (heap not judged for want of a collection, malloc for want of
     * smaps reads, one reason hostile), then a weaker NATIVE_CHURN with a site, and a trim estimate.
     */
    static Diagnosis inconclusive(int snapshots) {
        Diagnosis base = bloat(snapshots);
        Verdict inconclusive = new Verdict(VerdictKind.INCONCLUSIVE, 0.6,
                "Heap used rose 45 MB with no collection after warm-up.", Map.of("heapUsedGrowthBytes", 45 * MB),
                List.of(), List.of(), List.of("Heap used after GC"), List.of("METASPACE", "CODE_CACHE"),
                List.of(new NotJudged(LedgerPart.JAVA_HEAP, "no collection in the last 35 s", "run with liveSet=exit"),
                        new NotJudged(LedgerPart.MALLOC_IN_USE, "2 smaps reads " + HOSTILE, "sample smaps with smaps=10s")));
        Verdict churn = new Verdict(VerdictKind.NATIVE_CHURN, 0.4,
                "Inflaters from one site are collected, never ended.", Map.of("collectedCount", 2_900_000L),
                List.of(new Site(CHURN_SITE, 540 * MB, Map.of("collectedCount", 2_900_000L))),
                List.of("Call end() on every Inflater"), List.of(), List.of("MALLOC_IN_USE"), List.of());
        return new Diagnosis(List.of(churn, inconclusive), base.ledger, base.latest, base.peak, base.series, base.facts,
                List.of(), new TrimEstimate(120 * MB, 80 * MB, 140 * MB, "malloc_info whole free pages"));
    }

    static Diagnosis healthy(int snapshots) {
        Diagnosis base = bloat(snapshots);
        Verdict healthy = new Verdict(VerdictKind.HEALTHY, 0.8, "Nothing grows after warm-up.", Map.of(), List.of(),
                List.of(), List.of("Heap used after GC"));
        return new Diagnosis(List.of(healthy), base.ledger, base.latest, base.peak, base.series, base.facts, List.of());
    }
}
