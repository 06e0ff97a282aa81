package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * NATIVE_HELD: anonymous memory outside the JVM's own accounting holds a large share of RSS and
 * does not shrink. Not a leak (it does not grow: that is NATIVE_LEAK) and not plain bloat (that is
 * MALLOC_BLOAT, when most of it is known to be free), but a process "far beyond its parts' use" is
 * not healthy either: zlib state of Inflaters awaiting collection, a native library's cache, JNI
 * handles opened per request, or an allocator other than glibc keeping what it was given.
 *
 * <p>The level is a lower bound every snapshot has ({@link UntrackedNative#anonBeyondJvmAtLeast}:
 * RssAnon less the heap's committed size and NMT's committed total), so no JDK or allocator is
 * needed to see it; the split into in use and kept comes from malloc_info, or on JDK 17 from what
 * the JVM itself freed, and is said when known. Bar: at least {@link #MIN_HELD_BYTES} and
 * {@link #MIN_SHARE} of RSS throughout the last quarter of the run, with less than
 * {@link #MOSTLY_KEPT} of it known to be free (then MALLOC_BLOAT says it). When native sites name
 * the cause (objects collected instead of ended), NATIVE_CHURN says it and this verdict stays out.
 */
final class NativeHeldDetector implements Detector {
    static final long MIN_HELD_BYTES = 64L << 20;
    static final double MIN_SHARE = 0.2;
    static final double MOSTLY_KEPT = 0.7;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        if (assessment.untrackedGrowth >= 0.5 || assessment.churnCause != null) {
            return null;
        }
        boolean nmt = run.points(Column.NMT_COMMITTED).size >= LeakRule.MIN_POINTS;
        Points held = UntrackedNative.anonBeyondJvmAtLeast(run, nmt);
        long from = run.endMillis - run.durationMillis() / 4;
        Points recent = held.from(from);
        if (recent.isEmpty()) {
            return null;
        }
        double minHeld = Double.MAX_VALUE;
        for (int i = 0; i < recent.size; i++) {
            minHeld = Math.min(minHeld, recent.values[i]);
        }
        long rss = run.latest(Column.RSS);
        if (rss <= 0 || minHeld < MIN_HELD_BYTES || minHeld < MIN_SHARE * rss) {
            return null;
        }
        boolean jemallocStats = JemallocStats.present(run);
        double kept = run.facts.allocator.isGlibc() || jemallocStats ? UntrackedNative.keptShare(run, from) : -1;
        if (kept >= MOSTLY_KEPT) {
            return null;
        }
        double latest = held.last();
        double share = latest / rss;
        double confidence = 0.5 + 0.4 * Stats.ramp(share, MIN_SHARE, 0.5);
        boolean splitKnown = run.points(Column.MALLOC_FREE).size > 0 || jemallocStats;
        if (kept < 0 || !splitKnown) {
            // Held, or freed and kept: without a source to split it (malloc_info, jemalloc's own
            // statistics) that is two different verdicts (held memory, malloc bloat) and nothing to
            // choose between them, so it is left open. On JDK 17 what the JVM itself freed is known
            // free (MALLOC_BLOAT weighs it); the rest stays unknown.
            boolean glibc = run.facts.allocator.isGlibc();
            String reason = "at least " + Sizes.of(latest) + " (" + Math.round(share * 100) + "% of RSS) of anonymous memory"
                    + " outside the JVM's accounting, " + (glibc ? "in use by native code or freed and kept by glibc: "
                            + (kept < 0 ? "no malloc_info or smaps reads in this run to tell"
                                    : "without malloc_info only the " + Math.round(kept * 100) + "% the JVM itself freed is"
                                            + " known to be free")
                            : "held by " + run.facts.allocator.describe() + ", whose in use and kept glibc's figures cannot"
                                    + " tell");
            assessment.notJudged(new Assessment.Open(LedgerPart.MALLOC_RETAINED, reason, glibc
                    ? (kept < 0 ? "smaps=10s with -XX:NativeMemoryTracking=summary (JDK 18+ also has malloc_info); " : "")
                            + "a trim probe (bloatscope attach <pid> trim, or trim=on) measures what is free; JDK 18+ has"
                            + " malloc_info"
                    : "jemalloc".equals(run.facts.allocator.name) ? "let the agent read jemalloc's own statistics on JDK 22+:"
                            + " --enable-native-access=ALL-UNNAMED, or agent option allocatorStats=on"
                    : "read " + run.facts.allocator.name + "'s own statistics",
                    confidence * (nmt ? 0.8 : 0.6), "memory held far beyond the JVM's own (" + Math.round(share * 100)
                            + "% of RSS)" + (assessment.compilerPeakCause == null ? ""
                                    : ", after " + assessment.compilerPeakCause), true, new Evidence().bytes("heldAtLeastBytes", latest)
                            .number("heldShareOfRss", share).map, List.of()));
            return null;
        }
        List<NotJudged> notJudged = new ArrayList<>();
        if (!nmt) {
            confidence *= 0.75;
            notJudged.add(new NotJudged(LedgerPart.JVM_INTERNALS, "NMT was off: the JVM's own internals (GC structures,"
                    + " the JIT's arenas) are inside this figure", "start the JVM with -XX:NativeMemoryTracking=summary"));
        }
        String split = run.points(Column.MALLOC_FREE).size > 0
                ? "about " + Math.round((1 - kept) * 100) + "% in use by native code (malloc'd outside NMT) and "
                        + Math.round(kept * 100) + "% freed and kept by glibc over the last quarter of the run"
                : "about " + Math.round(kept * 100) + "% is memory the JVM freed and glibc kept; the rest, in use by"
                        + " native code or freed by it and kept, this JDK cannot tell apart (no malloc_info)";
        Evidence e = new Evidence().bytes("heldBytes", latest).bytes("heldMinBytes", minHeld).bytes("rssBytes", rss)
                .number("heldShareOfRss", share).number("keptShare", kept)
                .text("basis", "RssAnon − committed heap − " + (nmt ? "NMT committed outside the heap" : "metaspace, code"
                        + " cache, direct buffers (NMT off)") + ": a lower bound");
        String cause = "";
        List<String> remedies = Remedies.nativeHeld(run.facts, splitKnown);
        if (assessment.compilerPeakCause != null && kept > 0) {
            // what the JVM freed and glibc kept is, here, the compiler's arenas given back after its peak
            e.text("keptCause", assessment.compilerPeakCause);
            cause = "; the freed part comes from " + assessment.compilerPeakCause;
            remedies = Remedies.plus(Remedies.jitCompiler(run.facts, false), remedies);
        }
        String summary = "Memory outside the JVM's own accounting holds at least " + Sizes.of(latest) + " ("
                + Math.round(share * 100) + "% of RSS) and does not shrink: " + split + cause + ".";
        if (!splitKnown) {
            notJudged.add(new NotJudged(LedgerPart.MALLOC_RETAINED, "no malloc_info on this JDK: how much of it glibc"
                    + " keeps free (a trim would give it back) and how much native code uses is not known",
                    "a trim probe tells: bloatscope attach <pid> trim (or trim=on); JDK 18+ has malloc_info"));
        }
        return new Verdict(VerdictKind.NATIVE_HELD, confidence, summary, e.map, List.of(), remedies,
                List.of(DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS), List.of(LedgerPart.MALLOC_IN_USE.name()),
                notJudged);
    }
}
