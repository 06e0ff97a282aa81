package io.bloatscope.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a renderer shows about one run: the verdicts (in {@link VerdictOrder}: judged findings
 * first, then {@code INCONCLUSIVE}; {@code HEALTHY} alone when nothing else reached 0.5 and every
 * significant part was judged), what a malloc trim would give back, the ledger over time with its latest and
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
    /** What a malloc trim would give back now; never null (its basis says when it is unknown). */
    public final TrimEstimate trimEstimate;
    /** The captures near the memory limit the agent wrote, in time order; empty when none. */
    public final List<Capture> captures;

    public Diagnosis(List<Verdict> verdicts, List<LedgerEntry> ledger, LedgerEntry latest, LedgerEntry peak,
            Map<String, Series> series, Map<String, Object> facts, List<String> notes) {
        this(verdicts, ledger, latest, peak, series, facts, notes, TrimEstimate.unknown("not estimated"));
    }

    public Diagnosis(List<Verdict> verdicts, List<LedgerEntry> ledger, LedgerEntry latest, LedgerEntry peak,
            Map<String, Series> series, Map<String, Object> facts, List<String> notes, TrimEstimate trimEstimate) {
        this(verdicts, ledger, latest, peak, series, facts, notes, trimEstimate, List.of());
    }

    public Diagnosis(List<Verdict> verdicts, List<LedgerEntry> ledger, LedgerEntry latest, LedgerEntry peak,
            Map<String, Series> series, Map<String, Object> facts, List<String> notes, TrimEstimate trimEstimate,
            List<Capture> captures) {
        this.verdicts = List.copyOf(verdicts);
        this.ledger = List.copyOf(ledger);
        this.latest = latest;
        this.peak = peak;
        this.series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
        this.facts = facts;
        this.notes = List.copyOf(notes);
        this.trimEstimate = trimEstimate;
        this.captures = List.copyOf(captures);
    }

    /**
     * This diagnosis with what the end of the file tells: the captures, and how the run ended
     * ({@code facts.ending}: exit, stop, running or abrupt; the last RSS and the limit in the facts;
     * a note when it ended abruptly).
     *
     * @param ending one of exit, stop, running, abrupt
     * @param lastRssBytes -1 when unknown
     * @param limitBytes -1 when unknown
     * @param note null when there is nothing to remark
     */
    public Diagnosis withEnd(List<Capture> found, String ending, long lastRssBytes, long limitBytes, String note) {
        Map<String, Object> moreFacts = new LinkedHashMap<>(facts == null ? Map.of() : facts);
        moreFacts.put("ending", ending);
        if (lastRssBytes >= 0) {
            moreFacts.put("lastRssBytes", lastRssBytes);
        }
        if (limitBytes > 0) {
            moreFacts.put("memoryLimitBytes", limitBytes);
        }
        List<String> moreNotes = new java.util.ArrayList<>(notes);
        if (note != null) {
            moreNotes.add(0, note);
        }
        return new Diagnosis(verdicts, ledger, latest, peak, series, moreFacts, moreNotes, trimEstimate, found);
    }
}
