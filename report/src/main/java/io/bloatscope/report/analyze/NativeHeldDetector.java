package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import java.util.List;

/**
 * NATIVE_HELD: malloc in use outside the JVM's own accounting (malloc_info in use + mmap − NMT
 * malloc) holds a large share of RSS and does not shrink. Not a leak (it does not grow: that is
 * NATIVE_LEAK) and not bloat (it is in use), but a process "far beyond its parts' use" is not
 * healthy either: zlib state of Inflaters awaiting collection, a native library's cache, JNI
 * handles opened per request. Needs malloc_info (JDK 18+) to tell in use from free; on JDK 17
 * that memory is inside MALLOC_BLOAT's stated upper bound. When native sites show the cause (objects
 * collected instead of ended) NATIVE_CHURN says it and this verdict stays out.
 *
 * <p>Bar: at least {@link #MIN_HELD_BYTES} and {@link #MIN_SHARE} of RSS throughout the last
 * quarter of the run; confidence rises from 0.5 at that share to 0.9 at half of RSS.
 */
final class NativeHeldDetector implements Detector {
    static final long MIN_HELD_BYTES = 64L << 20;
    static final double MIN_SHARE = 0.2;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        if (!run.facts.allocator.isGlibc() || run.points(Column.MALLOC_IN_USE).size < LeakRule.MIN_POINTS
                || assessment.untrackedGrowth >= 0.5 || assessment.churnCause != null) {
            return null;
        }
        boolean nmt = run.points(Column.NMT_MALLOC).size >= LeakRule.MIN_POINTS;
        Points held = UntrackedNative.inUse(run, nmt);
        Points recent = held.from(run.endMillis - run.durationMillis() / 4);
        if (recent.isEmpty()) {
            return null;
        }
        double minHeld = Double.MAX_VALUE;
        for (int i = 0; i < recent.size; i++) {
            minHeld = Math.min(minHeld, recent.values[i]);
        }
        int row = run.latestRowWith(Column.MALLOC_IN_USE);
        long rss = run.value(Column.RSS, row);
        if (rss <= 0 || minHeld < MIN_HELD_BYTES || minHeld < MIN_SHARE * rss) {
            return null;
        }
        double latest = held.last();
        double share = latest / rss;
        double confidence = 0.5 + 0.4 * Stats.ramp(share, MIN_SHARE, 0.5);
        if (!nmt) {
            confidence *= 0.8; // the JVM's own malloc is inside it
        }
        Evidence e = new Evidence().bytes("heldBytes", latest).bytes("heldMinBytes", minHeld).bytes("rssBytes", rss)
                .number("heldShareOfRss", share)
                .text("basis", nmt ? "malloc_info in use + mmap − NMT malloc" : "malloc_info in use + mmap (NMT off)");
        String summary = "Native memory outside the JVM's accounting holds " + Sizes.of(latest) + " (" + Math.round(share * 100)
                + "% of RSS) and does not shrink: malloc'd by native code (zlib for Inflaters and Deflaters, JNI"
                + " libraries), in use, not free.";
        return new Verdict(VerdictKind.NATIVE_HELD, confidence, summary, e.map, List.of(), Remedies.nativeHeld(run.facts),
                List.of(DiagnosisSeries.UNTRACKED_NATIVE, DiagnosisSeries.RSS), List.of(LedgerPart.MALLOC_IN_USE.name()),
                List.of());
    }
}
