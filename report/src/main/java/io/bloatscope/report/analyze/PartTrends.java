package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Judges the ledger parts no detector assessed by their own trend, so that "no verdict" is never
 * silence: a flat part is judged; one that grows with no detector to explain it is open (it keeps
 * the run from being HEALTHY), and so is one the run measured too rarely to follow. The code cache
 * (bounded by its reserved size, grows with compilation) is judged by what it is. File-backed pages
 * are judged by their trend like any other part: the kernel can reclaim clean ones, but growth
 * nothing explains (mapped buffers are judged by their own detector) still counts in RSS and in a
 * container's limit.
 */
final class PartTrends {
    /** A part grows when its series reaches this leak-rule confidence. */
    static final double GROWS = 0.5;

    private PartTrends() {
    }

    static void judge(RunView run, List<LedgerEntry> entries, Assessment assessment) {
        assessment.judged(LedgerPart.CODE_CACHE, "bounded by the reserved code cache; grows only with compilation");
        for (LedgerPart part : LedgerPart.values()) {
            if (assessment.isJudged(part) || assessment.open(part) != null) {
                continue;
            }
            Points.Builder b = new Points.Builder();
            int unmeasured = 0;
            for (LedgerEntry entry : entries) {
                if (entry.unmeasured.contains(part)) {
                    unmeasured++;
                } else {
                    b.add(entry.timeMillis, entry.bytes(part));
                }
            }
            Points series = b.build();
            Growth growth = Growth.judge(series, run.startMillis, run.endMillis);
            if (!LeakRule.judgeable(growth, LeakRule.MIN_POINTS)) {
                assessment.notJudged(new Assessment.Open(part, unmeasured > 0
                        ? "not measured in " + unmeasured + " of " + entries.size() + " snapshots (" + source(part) + ")"
                        : "too few snapshots (" + series.size + ")", remedy(part), 0, null, false, new LinkedHashMap<>(),
                        List.of()));
                continue;
            }
            double grows = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
            if (grows < GROWS) {
                assessment.judged(part, "its own trend: no lasting growth after warm-up");
                continue;
            }
            Evidence e = new Evidence().trend(growth);
            assessment.notJudged(new Assessment.Open(part, "grows by " + Sizes.of(growth.trend.perMinute())
                    + "/min and no detector explains it", remedy(part), grows * 0.8,
                    part.label.toLowerCase(java.util.Locale.ROOT) + " growing by " + Sizes.of(growth.trend.perMinute())
                            + "/min", true, e.map, List.of()));
        }
    }

    private static String source(LedgerPart part) {
        switch (part) {
            case THREAD_STACKS:
            case JVM_INTERNALS:
            case JIT_COMPILER:
                return "it needs NMT";
            case MALLOC_IN_USE:
            case MALLOC_RETAINED:
                return "it needs malloc_info or smaps";
            case BUFFERS:
                return "no buffer pool readings";
            default:
                return "no source";
        }
    }

    private static String remedy(LedgerPart part) {
        switch (part) {
            case THREAD_STACKS:
            case JVM_INTERNALS:
            case JIT_COMPILER:
                return "start the JVM with -XX:NativeMemoryTracking=summary";
            case MALLOC_IN_USE:
            case MALLOC_RETAINED:
            case UNEXPLAINED:
                return "smaps=10s (and -XX:NativeMemoryTracking=summary); on JDK 18+ malloc_info splits malloc";
            case FILES:
                return "see which files' mappings grow: pmap -x <pid> (or /proc/<pid>/smaps) lists file-backed"
                        + " regions by path; mmap by native code and mapped jars or libraries loaded over and over are"
                        + " the usual causes";
            default:
                return "a longer run with a shorter interval";
        }
    }
}
