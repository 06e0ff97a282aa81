package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A finding below the bar is not "nothing grows", nor "nothing is held". A detector that saw its
 * part grow, but over too few collections or snapshots to establish the trend (a heap whose live
 * set rose over seven Shenandoah cycles, say), judged that part only in the sense that it looked:
 * what it saw points at growth. Likewise a bloat verdict that saw memory held but could only bound
 * it (JDK 17's smaps figure for glibc's free memory, which also holds native memory in use). When
 * no finding reached the bar, such a part stays open with the finding's confidence as the
 * suspicion, so the run is INCONCLUSIVE ("indicated, not established") instead of a HEALTHY that
 * says the opposite of what was seen.
 */
final class WeakFindings {
    /** The kinds that say a part grows, which is what HEALTHY denies ("nothing grows after warm-up"). */
    private static final Set<VerdictKind> GROWTH = EnumSet.of(VerdictKind.HEAP_LEAK, VerdictKind.NATIVE_LEAK,
            VerdictKind.DIRECT_BUFFER_LEAK, VerdictKind.MAPPED_BUFFER_LEAK, VerdictKind.METASPACE_LEAK,
            VerdictKind.THREAD_LEAK);
    /** The kinds that say memory is held beyond its use, which HEALTHY denies too ("no memory is held far beyond its use"). */
    private static final Set<VerdictKind> HELD = EnumSet.of(VerdictKind.MALLOC_BLOAT, VerdictKind.HEAP_BLOAT,
            VerdictKind.NATIVE_HELD);

    private WeakFindings() {
    }

    /** Leaves open the parts of every listed verdict below the bar; call only when none reached it. */
    static void leaveOpen(List<Verdict> verdicts, Assessment assessment) {
        for (Verdict v : verdicts) {
            if (v.confidence < Diagnoser.LISTED_THRESHOLD || v.confidence >= Diagnoser.VERDICT_THRESHOLD
                    || !GROWTH.contains(v.kind) && !HELD.contains(v.kind)) {
                continue;
            }
            String confidence = String.format(Locale.ROOT, "%.2f", v.confidence);
            for (LedgerPart part : partsOf(v)) {
                if (!assessment.isJudged(part)) {
                    continue; // already open on its own account, which says more than this verdict can
                }
                assessment.notJudged(new Assessment.Open(part,
                        v.kind + " indicated at confidence " + confidence + ", not established: " + clause(v.summary),
                        step(v), v.confidence, clause(v.summary), true, new LinkedHashMap<>(v.evidence), v.sites));
            }
        }
    }

    private static String step(Verdict v) {
        if (HELD.contains(v.kind) && !v.notJudged.isEmpty() && v.notJudged.get(0).remedy != null) {
            return v.notJudged.get(0).remedy; // what the bloat verdict itself says would measure it
        }
        return "run longer (or with a shorter interval): the " + (HELD.contains(v.kind) ? "memory held" : "trend")
                + " needs more snapshots and collections to be established or to level off";
    }

    private static List<LedgerPart> partsOf(Verdict v) {
        if (v.kind == VerdictKind.MALLOC_BLOAT) {
            // What it says is held; malloc in use is what it says does not grow, judged on its own.
            return List.of(LedgerPart.MALLOC_RETAINED);
        }
        List<LedgerPart> parts = new ArrayList<>();
        for (String name : v.judged) {
            try {
                parts.add(LedgerPart.valueOf(name));
            } catch (IllegalArgumentException notAPart) {
                // a verdict may name series beside parts; only parts can be left open
            }
        }
        if (parts.isEmpty()) {
            parts.add(LedgerPart.UNEXPLAINED);
        }
        return parts;
    }

    /** "The heap grows …." as a clause: "the heap grows …". */
    private static String clause(String summary) {
        String s = summary.endsWith(".") ? summary.substring(0, summary.length() - 1) : summary;
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
