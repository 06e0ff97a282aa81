package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import java.util.List;

/**
 * A buffer pool whose memory only the GC gives back: a direct buffer is freed, a mapped one unmapped,
 * by its Cleaner once a collection found it unreachable. Between collections such a pool climbs by
 * the buffers dropped as well as by those kept, so it is judged on its low points between
 * collections ({@link GcTroughs}), and growth is a finding only once an old collection ran in the
 * judged window with a snapshot after it: a buffer dropped after it was promoted goes only with an
 * old collection, and its Cleaner runs after the collection, so the snapshot right after it (the
 * exit's live set, say) may still count it. Otherwise kept and dropped buffers look alike, and growth
 * is a suspicion left open on the pool's ledger part, with a periodic live set as the step.
 */
final class GcFreedPool {
    static final GcFreedPool DIRECT = new GcFreedPool(Column.DIRECT_USED, LedgerPart.BUFFERS,
            VerdictKind.DIRECT_BUFFER_LEAK, DiagnosisSeries.DIRECT, "direct buffer pool", "buffers", "frees",
            "buffers dropped after they were promoted are freed only by one", "a direct buffer leak");
    static final GcFreedPool MAPPED = new GcFreedPool(Column.MAPPED_USED, LedgerPart.FILES,
            VerdictKind.MAPPED_BUFFER_LEAK, DiagnosisSeries.MAPPED, "mapped buffer pool", "mappings", "unmaps",
            "readers dropped after their buffers were promoted are unmapped only by one", "a mapped buffer leak");

    /** What a run shows of the pool. */
    enum State {
        /** Too few points or seconds for any trend. */
        UNKNOWN,
        /** No lasting growth: on its troughs, or with no collection to need them, at all. */
        FLAT,
        /** Growth that collections have not confirmed: left open as a suspicion. */
        SUSPECTED,
        /** Troughs that grow, confirmed by an old collection with a snapshot after it. */
        GROWS
    }

    /** The pool as a run shows it. */
    static final class Judged {
        final State state;
        /** Every reading of the pool. */
        final Points used;
        /** The troughs' growth when they were judged (FLAT or GROWS on troughs), else the raw pool's. */
        final Growth growth;
        /** The leak rule's confidence in {@link #growth}; 0 unless GROWS. */
        final double confidence;

        private Judged(State state, Points used, Growth growth, double confidence) {
            this.state = state;
            this.used = used;
            this.growth = growth;
            this.confidence = confidence;
        }
    }

    final Column column;
    final LedgerPart part;
    private final VerdictKind kind;
    private final String evidenceKey;
    private final String pool;
    private final String things;
    /** What the GC does to the memory of a collected buffer, as in "the GC frees them". */
    private final String gcVerb;
    private final String promotedClause;
    private final String suspect;

    private GcFreedPool(Column column, LedgerPart part, VerdictKind kind, String evidenceKey, String pool, String things,
            String gcVerb, String promotedClause, String suspect) {
        this.column = column;
        this.part = part;
        this.kind = kind;
        this.evidenceKey = evidenceKey;
        this.pool = pool;
        this.things = things;
        this.gcVerb = gcVerb;
        this.promotedClause = promotedClause;
        this.suspect = suspect;
    }

    /** Judges the pool; a growth not yet confirmed is left open on {@link #part} in the assessment. */
    Judged judge(RunView run, Assessment assessment) {
        Points used = run.points(column);
        if (used.size < LeakRule.MIN_POINTS) {
            return new Judged(State.UNKNOWN, used, null, 0);
        }
        Growth troughs = Growth.judge(GcTroughs.of(run, column), run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(troughs, LeakRule.MIN_GC_POINTS)) {
            return uncollected(run, used, assessment);
        }
        double confidence = LeakRule.confidence(troughs, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_GC_POINTS);
        if (confidence == 0) {
            return new Judged(State.FLAT, used, troughs, 0);
        }
        if (!oldCollectionSince(run, troughs.window.timesMillis[0])) {
            suspicion(run, troughs, used, confidence, "the " + pool + "'s low points between young collections grow by "
                    + Sizes.of(troughs.trend.perMinute()) + "/min, but no old collection ran: " + promotedClause,
                    "an old collection", assessment);
            return new Judged(State.SUSPECTED, used, troughs, 0);
        }
        double proven = LeakRule.confidence(troughs, Math.min(troughs.growth(), troughs.provenGrowth()),
                LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_GC_POINTS);
        if (proven < Diagnoser.VERDICT_THRESHOLD && confidence >= Diagnoser.VERDICT_THRESHOLD) {
            // Scattered low points (a few readers or buffers more or fewer at each collection) can fit
            // a rise their order alone carries: a finding needs the growth the points prove (the
            // slope's 95 % lower bound) to clear the bar, else it stays a suspicion.
            suspicion(run, troughs, used, confidence, "the " + pool + "'s low points between collections rise by "
                    + Sizes.of(troughs.growth()) + ", but they scatter too much to prove more than "
                    + Sizes.of(troughs.provenGrowth()), "points that prove the rise", assessment);
            return new Judged(State.SUSPECTED, used, troughs, 0);
        }
        return new Judged(State.GROWS, used, troughs, confidence);
    }

    /** Too few collections ran to tell buffers kept from buffers dropped and not yet collected. */
    private Judged uncollected(RunView run, Points used, Assessment assessment) {
        Growth raw = Growth.judge(used, run.startMillis, run.endMillis);
        if (!LeakRule.judgeable(raw, LeakRule.MIN_POINTS)) {
            return new Judged(State.UNKNOWN, used, raw, 0);
        }
        double grows = LeakRule.confidence(raw, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        if (grows == 0) {
            return new Judged(State.FLAT, used, raw, 0); // flat either way: nothing to tell apart
        }
        suspicion(run, raw, used, grows, "the " + pool + " grows by " + Sizes.of(raw.trend.perMinute())
                + "/min, but too few collections ran to tell " + things + " kept from " + things
                + " dropped and not yet collected (the GC " + gcVerb + " them)", "a collection", assessment);
        return new Judged(State.SUSPECTED, used, raw, 0);
    }

    /**
     * Growth that collections have not yet confirmed, left open as a suspicion, with the sites that
     * allocated what the pool holds when the agent recorded them. The step is a periodic live set:
     * the exit's alone does not settle it, since the snapshot right after it precedes the Cleaner.
     */
    private void suspicion(RunView run, Growth growth, Points used, double confidence, String reason, String missing,
            Assessment assessment) {
        Evidence e = new Evidence().trend(growth).bytes(evidenceKey, used.last());
        assessment.notJudged(new Assessment.Open(part, reason,
                "run until old collections run, or with the agent option liveSet=<interval> (e.g. liveSet=2s), whose"
                        + " requested collections each have a snapshot after them",
                Math.min(confidence, HeapLeakDetector.UNCONFIRMED_CAP), suspect + " (the pool grows by "
                        + Sizes.of(growth.trend.perMinute()) + "/min, unconfirmed by " + missing + ")", true, e.map,
                run.sites.sitesFor(kind, null)));
    }

    private static boolean g1WithoutConcurrentCycleCounts(RunView run) {
        List<String> collectors = run.facts.collectors;
        return collectors.contains("G1 Old Generation") && !collectors.contains("G1 Concurrent GC");
    }

    /**
     * Whether an old collection ran after {@code fromMillis} and a snapshot followed it before the
     * next: the Cleaner frees a collected buffer after the collection, so the snapshot taken right
     * after it may still count the buffer.
     */
    private static boolean oldCollectionSince(RunView run, long fromMillis) {
        if (g1WithoutConcurrentCycleCounts(run)) {
            // G1 before JDK 20 counts only full collections as old, and no bean counts its concurrent
            // cycles; but its old pool's usage after GC is updated only by mixed (and full)
            // collections, which follow a concurrent mark, whose reference processing runs the
            // Cleaners of buffers dropped after promotion. (Later JDKs count the cycles, "G1
            // Concurrent GC", and also update the old pool at some young collections.)
            Points oldPoints = HeapLeakDetector.afterOldCollections(run).from(fromMillis);
            if (oldPoints.size > 0 && oldPoints.timesMillis[0] < run.endMillis) {
                return true;
            }
        }
        // Any snapshot after the one that first shows the collection will do, even if more old
        // collections ran meanwhile (a heap under pressure collects between every two snapshots).
        long previous = RunColumns.ABSENT;
        boolean collected = false;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.OLD_GC_COUNT, i);
            if (count == RunColumns.ABSENT) {
                continue;
            }
            if (collected) {
                return true;
            }
            collected = previous != RunColumns.ABSENT && count > previous && run.columns.timeMillis(i) >= fromMillis;
            previous = count;
        }
        return false;
    }
}
