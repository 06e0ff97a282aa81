package io.bloatscope.report.analyze;

import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two verdicts about the run as a whole. {@code INCONCLUSIVE} when a part that matters (it
 * grows, or holds at least {@link #SIGNIFICANT_SHARE} of RSS) could not be judged: it says which
 * parts, why, the step that settles each, and carries the confidence of the suspicion it reports
 * (0 when nothing points at a problem, only at missing evidence). {@code HEALTHY} only when no
 * finding reached the bar and every part that matters was judged.
 */
final class Conclusion {
    static final double SIGNIFICANT_SHARE = 0.05;

    private Conclusion() {
    }

    static Verdict inconclusive(List<Assessment.Open> open, Assessment assessment) {
        double suspicion = 0;
        Assessment.Open strongest = null;
        StringBuilder parts = new StringBuilder();
        Map<String, Object> evidence = new LinkedHashMap<>();
        Set<String> remedies = new LinkedHashSet<>();
        List<Site> sites = new ArrayList<>();
        for (Assessment.Open part : open) {
            if (parts.length() > 0) {
                parts.append("; ");
            }
            parts.append(part.part.label).append(": ").append(part.reason);
            if (part.suspicion > suspicion || strongest == null) {
                suspicion = Math.max(suspicion, part.suspicion);
                strongest = part;
            }
            for (Map.Entry<String, Object> item : part.evidence.entrySet()) {
                evidence.putIfAbsent(item.getKey(), item.getValue());
            }
            remedies.add(part.remedy);
            sites.addAll(part.sites);
        }
        evidence.put("suspicionConfidence", Math.round(suspicion * 1000) / 1000.0);
        if (strongest != null && strongest.suspect != null) {
            evidence.put("suspected", strongest.suspect);
        }
        String summary = "Not judged: " + parts + "."
                + (strongest != null && strongest.suspect != null && suspicion > 0
                        ? " Suspected: " + strongest.suspect + "; the confidence is that suspicion's, not a finding."
                        : "");
        List<NotJudged> notJudged = new ArrayList<>();
        for (Assessment.Open part : open) {
            notJudged.add(part.asNotJudged());
        }
        return new Verdict(VerdictKind.INCONCLUSIVE, Stats.clamp01(suspicion), summary, evidence, sites,
                new ArrayList<>(remedies), List.of(DiagnosisSeries.RSS, DiagnosisSeries.HEAP_USED),
                assessment.judgedNames(), notJudged);
    }

    private static String labels(List<Assessment.Open> parts) {
        StringBuilder out = new StringBuilder();
        for (Assessment.Open part : parts) {
            out.append(out.length() == 0 ? "" : ", ").append(part.part.label);
        }
        return out.toString();
    }

    static Verdict healthy(RunView run, List<Verdict> weak, Assessment assessment) {
        double strongest = weak.isEmpty() ? 0 : weak.get(0).confidence;
        boolean judged = run.size() >= 2 && run.durationMillis() >= LeakRule.MIN_DURATION_MILLIS;
        double confidence = judged ? Stats.clamp01(1 - strongest) * (run.durationMillis() >= Diagnoser.SHORT_RUN_MILLIS ? 1 : 0.8) : 0;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("durationSeconds", Math.round(run.durationMillis() / 100.0) / 10.0);
        evidence.put("snapshots", run.size());
        evidence.put("strongestOtherConfidence", Math.round(strongest * 1000) / 1000.0);
        // A caveat's part was judged on its trend, so it is not listed as not judged: the summary and
        // the evidence say which question about it stays open.
        StringBuilder unanswered = new StringBuilder();
        List<String> tooSoon = new ArrayList<>();
        for (Assessment.Open caveat : assessment.caveats) {
            unanswered.append(unanswered.length() == 0 ? "" : "; ").append(caveat.reason);
            tooSoon.add(caveat.part.name() + ": " + caveat.reason + " (" + caveat.remedy + ")");
            confidence *= 1 - caveat.suspicion;
        }
        if (!tooSoon.isEmpty()) {
            evidence.put("tooSoonToTell", String.join("; ", tooSoon)); // evidence values are scalars (the report schema)
        }
        String summary;
        if (!judged) {
            summary = "Too little data to judge (" + run.size() + " snapshots over "
                    + Math.round(run.durationMillis() / 1000.0) + " s): see the notes.";
        } else if (!assessment.open().isEmpty()) {
            // The parts left out were too small to matter or had no source: which, notJudged says per
            // part; the summary names them rather than vouch for their size.
            summary = "Of the parts of memory judged, none grows after warm-up"
                    + (unanswered.length() > 0 ? "; too soon to tell whether memory is held beyond its use: " + unanswered
                            : " and no memory is held far beyond its use")
                    + ". Not judged (too small to matter, or no source measured it): " + labels(assessment.open()) + ".";
        } else if (unanswered.length() > 0) {
            // Never claim what a caveat leaves open: the run backs "nothing grows", not "nothing is held".
            summary = "Every part of memory that matters was judged on its trend: nothing grows after warm-up. Too soon"
                    + " to tell whether memory is held beyond its use: " + unanswered + ".";
        } else {
            summary = "Every part of memory that matters was judged: nothing grows after warm-up and no memory is held"
                    + " far beyond its use.";
        }
        return new Verdict(VerdictKind.HEALTHY, confidence, summary, evidence, List.of(), List.of(),
                List.of(DiagnosisSeries.RSS), assessment.judgedNames(), assessment.notJudged());
    }

    /** Whether a part's bytes at the end of the run make it matter whatever its trend. */
    static boolean holdsShare(long partBytes, long rssBytes) {
        return rssBytes > 0 && partBytes >= SIGNIFICANT_SHARE * rssBytes;
    }
}
