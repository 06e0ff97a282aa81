package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * NATIVE_CHURN: native memory released only by the GC. The agent's native sites count, per site,
 * objects released explicitly ({@code end()}, {@code close()}) and objects the GC collected without
 * one. A site whose Inflaters, Deflaters, ZipFiles or direct buffers are mostly collected keeps
 * their native memory until a collection runs and the Cleaner frees it: with a small heap that can
 * be gigabytes of zlib state between collections, and glibc then keeps what the Cleaner freed.
 *
 * <p>Needs native sites ({@code nativeSites}); without them this detector judges nothing. The
 * verdict needs at least {@link #MIN_COLLECTED} objects collected, most of those gone collected
 * rather than released, and memory at stake (what the site's objects hold while awaiting collection,
 * or, when the site does most of the run's native allocation, the native memory outside NMT the
 * ledger measures) that is a noticeable share of RSS at its latest or its peak. It is not a leak when
 * that memory plateaus (the untracked-native judgement says whether it grows).
 */
final class NativeChurnDetector implements Detector {
    static final Set<String> KINDS = Set.of("inflater", "deflater", "zip", "direct");
    static final long MIN_COLLECTED = 50;
    static final double MIN_COLLECTED_SHARE = 0.5;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        List<NativeSiteFigures> all = run.sites.nativeSites();
        if (all.isEmpty()) {
            return null;
        }
        List<NativeSiteFigures> churn = new ArrayList<>();
        long allocatedByAll = 0;
        for (NativeSiteFigures site : all) {
            if (!"unsafe".equals(site.kind) && !"thread".equals(site.kind)) {
                allocatedByAll += site.allocatedBytes;
            }
            if (KINDS.contains(site.kind) && site.collectedCount >= MIN_COLLECTED
                    && site.collectedShare() >= MIN_COLLECTED_SHARE && !"other".equals(site.frame)) {
                churn.add(site);
            }
        }
        if (churn.isEmpty()) {
            return null;
        }
        churn.sort(Comparator.comparingLong((NativeSiteFigures s) -> s.collectedBytes).reversed());
        NativeSiteFigures top = churn.get(0);
        long awaiting = 0;
        long allocatedByChurn = 0;
        long collected = 0;
        long released = 0;
        for (NativeSiteFigures site : churn) {
            awaiting += Math.max(0, site.liveBytes);
            allocatedByChurn += site.allocatedBytes;
            collected += site.collectedCount;
            released += site.releasedCount;
        }
        Ledger ledger = new Ledger(run.columns);
        int latestRow = run.latestRowWith(Column.RSS);
        if (latestRow < 0) {
            return null;
        }
        LedgerEntry latest = ledger.entry(latestRow);
        LedgerEntry peak = ledger.entry(peakRow(run));
        boolean dominant = allocatedByAll > 0 && allocatedByChurn >= 0.5 * allocatedByAll;
        // What native memory outside the JVM's accounting holds: the ledger's malloc parts, or where
        // they are not measured (JDK 17 between smaps reads) the lower bound from anonymous RSS.
        // Without NMT the ledger's malloc parts and that bound also hold the JVM's own malloc and
        // internals: too coarse to weigh a site by, so only the site's own figures count.
        boolean nmt = run.points(Column.NMT_COMMITTED).size > 0;
        Points outside = nmt ? UntrackedNative.anonBeyondJvmAtLeast(run, true) : new Points.Builder().build();
        long outsideNmtLatest = !nmt ? 0 : Math.max(latest.bytes(LedgerPart.MALLOC_IN_USE)
                + latest.bytes(LedgerPart.MALLOC_RETAINED), outside.isEmpty() ? 0 : (long) outside.last());
        Points arenas = nmt ? UntrackedNative.arenasBeyondNmt(run, true) : new Points.Builder().build();
        long outsideNmtPeak = !nmt ? 0 : Math.max(Math.max(peak.bytes(LedgerPart.MALLOC_IN_USE)
                + peak.bytes(LedgerPart.MALLOC_RETAINED), outside.isEmpty() ? 0 : (long) outside.max()),
                arenas.isEmpty() ? 0 : (long) arenas.max());
        double stakeShare = Math.max(Math.min(awaiting, latest.rssBytes) / (double) latest.rssBytes,
                dominant ? Math.max(outsideNmtLatest / (double) latest.rssBytes,
                        outsideNmtPeak / (double) Math.max(peak.rssBytes, latest.rssBytes)) : 0);
        double share = (double) collected / Math.max(1, collected + released);
        double confidence = Stats.ramp(share, MIN_COLLECTED_SHARE, 0.9) * (0.5 + 0.45 * Stats.ramp(stakeShare, 0.05, 0.3))
                * Stats.ramp(collected, MIN_COLLECTED, 20 * MIN_COLLECTED);
        String noun = noun(top.kind);
        if (confidence == 0) {
            return null;
        }
        assessment.churnCause = noun + " collected by the GC instead of " + release(top.kind) + " at " + top.frame;
        boolean grows = assessment.untrackedGrowth >= 0.5;
        Evidence e = new Evidence().text("kind", top.kind).count("allocatedCount", sum(churn, true))
                .count("releasedCount", released).count("collectedCount", collected)
                .number("collectedShare", share).bytes("awaitingCollectionBytes", awaiting)
                .bytes("nativeOutsideNmtBytes", outsideNmtLatest).bytes("nativeOutsideNmtPeakBytes", outsideNmtPeak)
                .number("stakeShareOfRss", stakeShare).bytes("rssBytes", latest.rssBytes)
                .text("siteDoesMostNativeAllocation", dominant)
                .text("plateaus", !grows);
        String summary = top.frame + " made " + count(sum(churn, true)) + " " + noun + ": " + count(released) + " "
                + (released == 1 ? "was" : "were") + " " + releasedWord(top.kind) + ", " + count(collected)
                + " left to the GC, which frees their native memory only when it collects them"
                + (awaiting > 0 ? "; about " + Sizes.of(awaiting) + " awaits collection now" : "")
                + (dominant && outsideNmtPeak > awaiting ? "; native memory outside NMT peaked at " + Sizes.of(outsideNmtPeak)
                        + " (" + Math.round(100.0 * outsideNmtPeak / peak.rssBytes) + "% of RSS then)" : "")
                + (grows ? "; it still grows (see NATIVE_LEAK)." : "; it plateaus, so it is churn, not a leak.");
        return new Verdict(VerdictKind.NATIVE_CHURN, Stats.clamp01(confidence), summary, e.map, sites(churn),
                Remedies.nativeChurn(top.kind, top.frame), List.of(DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS),
                List.of(LedgerPart.MALLOC_IN_USE.name()), List.of());
    }

    private static int peakRow(RunView run) {
        int peak = -1;
        for (int i = 0; i < run.size(); i++) {
            if (run.columns.has(Column.RSS, i) && run.columns.complete(i)
                    && (peak < 0 || run.value(Column.RSS, i) > run.value(Column.RSS, peak))) {
                peak = i;
            }
        }
        return peak < 0 ? run.latestRowWith(Column.RSS) : peak;
    }

    private static long sum(List<NativeSiteFigures> sites, boolean allocated) {
        long total = 0;
        for (NativeSiteFigures site : sites) {
            total += allocated ? site.allocatedCount : site.collectedCount;
        }
        return total;
    }

    private static List<Site> sites(List<NativeSiteFigures> churn) {
        List<Site> out = new ArrayList<>();
        for (NativeSiteFigures site : churn.subList(0, Math.min(SnapshotSites.MAX_SITES, churn.size()))) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", site.kind);
            details.put("allocatedCount", site.allocatedCount);
            details.put("releasedCount", site.releasedCount);
            details.put("collectedCount", site.collectedCount);
            details.put("liveCount", site.liveCount);
            details.put("liveBytes", site.liveBytes);
            details.put("frames", site.frames);
            out.add(new Site(site.frame, site.collectedBytes, details));
        }
        return out;
    }

    static String noun(String kind) {
        switch (kind) {
            case "inflater": return "Inflaters";
            case "deflater": return "Deflaters";
            case "zip": return "ZipFiles";
            default: return "direct buffers";
        }
    }

    private static String release(String kind) {
        return "direct".equals(kind) ? "reuse" : "zip".equals(kind) ? "close()" : "end()";
    }

    private static String releasedWord(String kind) {
        return "direct".equals(kind) ? "freed explicitly" : "zip".equals(kind) ? "closed" : "ended";
    }

    private static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f M", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.0f k", n / 1e3);
        }
        return Long.toString(n);
    }
}
