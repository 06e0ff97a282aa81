package io.bloatscope.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding about a run, as the report JSON contract states it: a kind, a confidence from 0 to
 * 1, one sentence, the evidence (numbers whose keys carry their unit, e.g.
 * {@code growthBytesPerMinute}), the allocation sites behind it when the agent tracked them, and
 * remedies that fit the evidence and the JVM the run came from. {@code seriesNames} names the
 * series in the {@link Diagnosis} that show it, for charts. {@code judged} and {@code notJudged}
 * say which ledger parts it rests on and which it could not assess (the evidence rule: a verdict
 * never states what its notes deny).
 */
public final class Verdict {
    public final VerdictKind kind;
    public final double confidence;
    public final String summary;
    public final Map<String, Object> evidence;
    public final List<Site> sites;
    public final List<String> remedies;
    public final List<String> seriesNames;
    /** The {@link LedgerPart}s this verdict judged. */
    public final List<String> judged;
    /** The parts that matter to this verdict which could not be judged, with why and what settles it. */
    public final List<NotJudged> notJudged;

    public Verdict(VerdictKind kind, double confidence, String summary, Map<String, Object> evidence,
            List<Site> sites, List<String> remedies, List<String> seriesNames) {
        this(kind, confidence, summary, evidence, sites, remedies, seriesNames, List.of(), List.of());
    }

    public Verdict(VerdictKind kind, double confidence, String summary, Map<String, Object> evidence,
            List<Site> sites, List<String> remedies, List<String> seriesNames, List<String> judged,
            List<NotJudged> notJudged) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        }
        this.kind = kind;
        this.confidence = confidence;
        this.summary = summary;
        this.evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        this.sites = List.copyOf(sites);
        this.remedies = List.copyOf(remedies);
        this.seriesNames = List.copyOf(seriesNames);
        this.judged = List.copyOf(judged);
        this.notJudged = List.copyOf(notJudged);
    }

    public Verdict withSites(List<Site> newSites) {
        return new Verdict(kind, confidence, summary, evidence, newSites, remedies, seriesNames, judged, notJudged);
    }

    public Verdict withJudgement(List<String> judgedParts, List<NotJudged> notJudgedParts) {
        return new Verdict(kind, confidence, summary, evidence, sites, remedies, seriesNames, judgedParts, notJudgedParts);
    }
}
