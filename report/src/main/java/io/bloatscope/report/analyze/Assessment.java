package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Site;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the detectors could and could not judge, part by part: the evidence accounting behind the
 * evidence rule. A detector that assessed a ledger part says so ({@link #judged}); one whose
 * evidence was missing says why, what would settle it, and how strong the suspicion it leaves is
 * ({@link #notJudged}). A part any detector judged counts as judged. The Diagnoser turns the rest
 * into {@code INCONCLUSIVE} when they matter, and refuses {@code HEALTHY} while they do.
 */
final class Assessment {
    /** A part that could not be judged. */
    static final class Open {
        final LedgerPart part;
        final String reason;
        final String remedy;
        /** How strongly the missing evidence hides a problem (e.g. of a leak in a heap that grew with no collection); 0 when nothing points at one. */
        final double suspicion;
        /** What is suspected, one clause, for the INCONCLUSIVE summary; null when nothing is. */
        final String suspect;
        /** True when the part grows or holds a large share of RSS: it keeps a run from being HEALTHY. */
        final boolean significant;
        final Map<String, Object> evidence;
        final List<Site> sites;

        Open(LedgerPart part, String reason, String remedy, double suspicion, String suspect, boolean significant,
                Map<String, Object> evidence, List<Site> sites) {
            this.part = part;
            this.reason = reason;
            this.remedy = remedy;
            this.suspicion = suspicion;
            this.suspect = suspect;
            this.significant = significant;
            this.evidence = evidence;
            this.sites = sites;
        }

        NotJudged asNotJudged() {
            return new NotJudged(part, reason, remedy);
        }
    }

    private final Map<LedgerPart, String> judged = new EnumMap<>(LedgerPart.class);
    private final Map<LedgerPart, Open> open = new EnumMap<>(LedgerPart.class);
    final List<String> notes;
    /**
     * The leak-rule confidence that native memory outside the JVM's accounting grows (0 when flat),
     * or -1 when it could not be judged: malloc bloat may only say "live native memory does not grow"
     * when this was judged low.
     */
    double untrackedGrowth = -1;
    /** The site whose objects the GC collects instead of their release, as the cause of freed memory, or null. */
    String churnCause;
    /** The JIT compiler's peak, one clause, as the cause of freed memory glibc keeps, or null. */
    String compilerPeakCause;
    /**
     * Questions about a part that was judged on its trend but that the run is too short to answer,
     * where nothing grows (so not INCONCLUSIVE): HEALTHY must not claim the answer, and says so.
     */
    final List<Open> caveats = new ArrayList<>();

    Assessment(List<String> notes) {
        this.notes = notes;
    }

    void judged(LedgerPart part, String how) {
        judged.putIfAbsent(part, how);
    }

    /** Records a part that could not be judged; the most suspicious account of it is kept. */
    void notJudged(Open part) {
        Open known = open.get(part.part);
        if (known == null || part.suspicion > known.suspicion || (part.significant && !known.significant)) {
            open.put(part.part, part);
        }
    }

    /** A question the run is too short to answer about a part that does not grow; see {@link #caveats}. */
    void caveat(Open question) {
        caveats.add(question);
    }

    void note(String note) {
        notes.add(note);
    }

    /**
     * Judged, and not left open on another account that matters: a part can be judged on one
     * question (its trend) and open on another (how much of it is free), and then it is open.
     */
    boolean isJudged(LedgerPart part) {
        return judged.containsKey(part) && !openAndSignificant(part);
    }

    private boolean openAndSignificant(LedgerPart part) {
        Open o = open.get(part);
        return o != null && o.significant;
    }

    /** Settles an open part: it is judged after all (e.g. a root cause explains it). */
    void settle(LedgerPart part, String how) {
        open.remove(part);
        judged.put(part, how);
    }

    /** How a judged part was judged, or null. */
    String judgedBy(LedgerPart part) {
        return judged.get(part);
    }

    /** The parts no detector could judge, in ledger order. */
    List<Open> open() {
        List<Open> out = new ArrayList<>();
        for (Open part : open.values()) {
            if (!judged.containsKey(part.part) || part.significant) {
                out.add(part);
            }
        }
        return out;
    }

    Open open(LedgerPart part) {
        return isJudged(part) ? null : open.get(part);
    }

    List<String> judgedNames() {
        List<String> names = new ArrayList<>();
        for (LedgerPart part : judged.keySet()) {
            if (isJudged(part)) {
                names.add(part.name());
            }
        }
        return names;
    }

    List<NotJudged> notJudged() {
        List<NotJudged> out = new ArrayList<>();
        for (Open part : open()) {
            out.add(part.asNotJudged());
        }
        return out;
    }
}
