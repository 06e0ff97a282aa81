package io.bloatscope.agent.history;

/**
 * A figure whose extremes a span keeps whole snapshots for: the ones the verdicts' peaks are made of
 * (the ledger's peak is the highest RSS; malloc bloat needs the lowest RSS a span held; the heap
 * detectors the post-GC live set; native ones NMT's committed total).
 */
enum Figure {
    RSS_MAX("process", "vmRssBytes", true, false),
    RSS_MIN("process", "vmRssBytes", false, false),
    LIVE_SET_MAX("heap", "usedAfterGcBytes", true, true),
    NMT_MAX("nmt", "totalCommittedBytes", true, true);

    final String section;
    final String key;
    /** True when the highest value is kept, false for the lowest. */
    final boolean highest;
    /**
     * On a tie the later snapshot wins: the live set and NMT's total stay flat for long stretches,
     * and the latest of equal ones is usually the span's last, one pick instead of two. RSS keeps the
     * first of equal ones, as the report's ledger peak does (the first highest RSS).
     */
    final boolean latestOnTie;

    Figure(String section, String key, boolean highest, boolean latestOnTie) {
        this.section = section;
        this.key = key;
        this.highest = highest;
        this.latestOnTie = latestOnTie;
    }

    static final Figure[] ALL = values();

    /** True when {@code candidate} beats {@code held} (absent values never win, and never lose to absent). */
    boolean beats(long candidate, long held) {
        if (candidate == SnapshotFigures.ABSENT) {
            return false;
        }
        if (held == SnapshotFigures.ABSENT) {
            return true;
        }
        if (candidate == held) {
            return latestOnTie;
        }
        return highest ? candidate > held : candidate < held;
    }
}
