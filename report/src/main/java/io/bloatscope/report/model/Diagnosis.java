package io.bloatscope.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a renderer shows about one run: the verdicts (sorted by confidence, highest first;
 * {@code HEALTHY} alone when nothing else reached 0.5), the ledger over time with its latest and
 * peak entries, the series behind the verdicts, the run's facts from its header, and notes on what
 * could not be judged and why (NMT off, a truncated last line, too few snapshots, a newer schema).
 */
public final class Diagnosis {
    public final List<Verdict> verdicts;
    public final List<LedgerEntry> ledger;
    public final LedgerEntry latest;
    public final LedgerEntry peak;
    public final Map<String, Series> series;
    public final Map<String, Object> facts;
    public final List<String> notes;

    public Diagnosis(List<Verdict> verdicts, List<LedgerEntry> ledger, LedgerEntry latest, LedgerEntry peak,
            Map<String, Series> series, Map<String, Object> facts, List<String> notes) {
        this.verdicts = List.copyOf(verdicts);
        this.ledger = List.copyOf(ledger);
        this.latest = latest;
        this.peak = peak;
        this.series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
        this.facts = facts;
        this.notes = List.copyOf(notes);
    }
}
