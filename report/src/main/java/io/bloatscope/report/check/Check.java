package io.bloatscope.report.check;

import io.bloatscope.report.analyze.DiagnosisSeries;
import io.bloatscope.report.analyze.GrowthRates;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Series;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds a run to its limits: leak verdicts, absolute limits on peak RSS and growth rates, and,
 * against a baseline run, peak RSS, live set after GC and each ledger part's growth rate. A run
 * whose first verdict is INCONCLUSIVE gets one more outcome ({@link InconclusiveRun}), so a check
 * never passes by not looking.
 *
 * <p>Baseline comparisons allow a relative tolerance <em>plus</em> an absolute floor
 * ({@value #RSS_FLOOR_MB} MB for RSS, {@value #LIVE_SET_FLOOR_MB} MB for the live set; for growth
 * rates {@value #RATE_FLOOR_MB_PER_MINUTE} MB/min or {@value #GROWTH_FLOOR_MB} MB over the judged
 * part of the run, whichever is more), so that two healthy runs differing by GC timing or JIT
 * noise never fail a build: a few seconds of JIT warm-up extrapolated to a minute look like fast
 * growth, so short runs get a floor set by bytes rather than by rate. The Java heap's resident
 * size is not compared as a rate (it follows heap sizing, not leaks); its live set is.
 */
public final class Check {
    static final int RSS_FLOOR_MB = 16;
    static final int LIVE_SET_FLOOR_MB = 8;
    static final int RATE_FLOOR_MB_PER_MINUTE = 1;
    static final int GROWTH_FLOOR_MB = 32;
    private static final double MB = 1 << 20;

    private Check() {
    }

    public static List<CheckOutcome> evaluate(CheckLimits limits, Diagnosis run, Diagnosis baseline) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        Verdict inconclusive = InconclusiveRun.deciding(run);
        if (inconclusive != null) {
            outcomes.add(InconclusiveRun.outcome(inconclusive, limits.inconclusivePasses));
        }
        for (VerdictKind kind : limits.failOn) {
            outcomes.add(verdict(kind, run, limits.minConfidence));
        }
        if (limits.maxRssBytes > 0) {
            outcomes.add(atMost("max-rss", "peak RSS", peakRssBytes(run), limits.maxRssBytes, "MB"));
        }
        if (limits.maxHeapGrowthBytesPerMinute >= 0) {
            outcomes.add(atMost("max-heap-growth", "live heap after GC grows", heapRate(run),
                    limits.maxHeapGrowthBytesPerMinute, "MB/min"));
        }
        if (limits.maxNativeGrowthBytesPerMinute >= 0) {
            outcomes.add(atMost("max-native-growth", "memory outside the Java heap grows", nativeRate(run),
                    limits.maxNativeGrowthBytesPerMinute, "MB/min"));
        }
        if (baseline != null) {
            outcomes.add(againstBaseline("baseline-peak-rss", "peak RSS", peakRssBytes(run), peakRssBytes(baseline),
                    limits.tolerance, RSS_FLOOR_MB * MB, "MB"));
            outcomes.add(againstBaseline("baseline-live-set", "live heap after GC", liveSetBytes(run),
                    liveSetBytes(baseline), limits.tolerance, LIVE_SET_FLOOR_MB * MB, "MB"));
            double rateFloor = Math.max(RATE_FLOOR_MB_PER_MINUTE * MB, GROWTH_FLOOR_MB * MB / judgedMinutes(run));
            for (LedgerPart part : LedgerPart.values()) {
                if (part != LedgerPart.JAVA_HEAP) {
                    outcomes.add(againstBaseline("baseline-growth-" + part.name().toLowerCase(Locale.ROOT),
                            part.label + " grows", partRate(run, part), partRate(baseline, part), limits.tolerance,
                            rateFloor, "MB/min"));
                }
            }
        }
        return outcomes;
    }

    private static CheckOutcome verdict(VerdictKind kind, Diagnosis run, double minConfidence) {
        Verdict found = null;
        for (Verdict verdict : run.verdicts) {
            if (verdict.kind == kind && (found == null || verdict.confidence > found.confidence)) {
                found = verdict;
            }
        }
        if (found == null || found.confidence < minConfidence) {
            String below = found == null ? "" : String.format(Locale.ROOT, " (one at confidence %.2f, below %.2f)",
                    found.confidence, minConfidence);
            return new CheckOutcome(kind.name(), true, "no " + kind + " verdict" + below, List.of());
        }
        return new CheckOutcome(kind.name(), false,
                String.format(Locale.ROOT, "%s at confidence %.2f: %s", kind, found.confidence, found.summary),
                verdictDetails(found));
    }

    /** The lines a build log shows under a verdict: its evidence, sites and remedies. */
    static List<String> verdictDetails(Verdict verdict) {
        List<String> details = new ArrayList<>();
        for (Map.Entry<String, Object> evidence : verdict.evidence.entrySet()) {
            details.add("evidence " + evidence.getKey() + ": " + evidence.getValue());
        }
        for (Site site : verdict.sites) {
            details.add("site " + site.frame + ": " + String.format(Locale.ROOT, "%.1f MB", site.bytes / MB));
        }
        for (String remedy : verdict.remedies) {
            details.add("remedy: " + remedy);
        }
        return details;
    }

    private static CheckOutcome atMost(String name, String what, double measured, double limit, String unit) {
        boolean passed = measured <= limit;
        String summary = String.format(Locale.ROOT, "%s %s, limit %s%s", what, amount(measured, unit),
                amount(limit, unit), passed ? "" : " (over by " + amount(measured - limit, unit) + ")");
        return new CheckOutcome(name, passed, summary, List.of());
    }

    private static CheckOutcome againstBaseline(String name, String what, double measured, double base,
            double tolerance, double floor, String unit) {
        double limit = Math.max(0, base) * (1 + tolerance) + floor;
        boolean passed = measured <= limit;
        String summary = String.format(Locale.ROOT, "%s %s, baseline %s, allowed %s (+%.0f%% + %s)%s", what,
                amount(measured, unit), amount(base, unit), amount(limit, unit), tolerance * 100, amount(floor, unit),
                passed ? "" : " — over by " + amount(measured - limit, unit));
        return new CheckOutcome(name, passed, summary, List.of());
    }

    private static String amount(double bytes, String unit) {
        return String.format(Locale.ROOT, "%.1f %s", bytes / MB, unit);
    }

    /** Minutes after warm-up (the last 80% of the run), never less than a second. */
    static double judgedMinutes(Diagnosis d) {
        if (d.ledger.size() < 2) {
            return 1.0 / 60;
        }
        long millis = d.ledger.get(d.ledger.size() - 1).timeMillis - d.ledger.get(0).timeMillis;
        return Math.max(1000, millis * 0.8) / 60_000.0;
    }

    static double peakRssBytes(Diagnosis d) {
        return d.peak == null ? 0 : d.peak.rssBytes;
    }

    /** The live set at the end of the run: the median of the last five values after GC. */
    static double liveSetBytes(Diagnosis d) {
        Series afterGc = d.series.get(DiagnosisSeries.HEAP_AFTER_GC);
        if (afterGc == null || afterGc.values.length == 0) {
            return 0;
        }
        double[] tail = Arrays.copyOfRange(afterGc.values, Math.max(0, afterGc.values.length - 5), afterGc.values.length);
        Arrays.sort(tail);
        return tail[tail.length / 2];
    }

    static double heapRate(Diagnosis d) {
        return Math.max(0, GrowthRates.perMinute(d.series.get(DiagnosisSeries.HEAP_AFTER_GC)));
    }

    /** Growth of RSS outside the Java heap: everything native, tracked or not, retained or live. */
    static double nativeRate(Diagnosis d) {
        return Math.max(0, GrowthRates.perMinute(ledgerSeries(d, null)));
    }

    static double partRate(Diagnosis d, LedgerPart part) {
        return Math.max(0, GrowthRates.perMinute(ledgerSeries(d, part)));
    }

    /** One ledger part over time, or (part null) RSS minus the Java heap. */
    private static Series ledgerSeries(Diagnosis d, LedgerPart part) {
        int n = d.ledger.size();
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            LedgerEntry entry = d.ledger.get(i);
            times[i] = entry.timeMillis;
            values[i] = part == null ? entry.rssBytes - entry.bytes(LedgerPart.JAVA_HEAP) : entry.bytes(part);
        }
        return new Series(part == null ? "nativeBytes" : part.name(), "bytes", times, values);
    }
}
