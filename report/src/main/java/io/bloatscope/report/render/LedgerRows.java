package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger table every format shows: one row per part (stacking order, unexplained last) with
 * its bytes and share of RSS, latest and at peak, then RSS itself. Parts that are zero in both
 * columns are still listed: a reader must see that a part was measured as nothing.
 */
final class LedgerRows {
    final String label;
    final boolean unexplained;
    final String latestBytes;
    final String latestShare;
    final String peakBytes;
    final String peakShare;

    private LedgerRows(String label, boolean unexplained, String latestBytes, String latestShare, String peakBytes,
            String peakShare) {
        this.label = label;
        this.unexplained = unexplained;
        this.latestBytes = latestBytes;
        this.latestShare = latestShare;
        this.peakBytes = peakBytes;
        this.peakShare = peakShare;
    }

    /** Empty when the run has no ledger entry at all. */
    static List<LedgerRows> of(Diagnosis diagnosis) {
        List<LedgerRows> rows = new ArrayList<>();
        LedgerEntry latest = diagnosis.latest;
        LedgerEntry peak = diagnosis.peak != null ? diagnosis.peak : latest;
        if (latest == null) {
            return rows;
        }
        for (LedgerPart part : LedgerPart.values()) {
            rows.add(new LedgerRows(part.label, part == LedgerPart.UNEXPLAINED,
                    HumanUnits.megabytes(latest.bytes(part)), share(latest.bytes(part), latest.rssBytes),
                    HumanUnits.megabytes(peak.bytes(part)), share(peak.bytes(part), peak.rssBytes)));
        }
        rows.add(new LedgerRows("RSS", false, HumanUnits.megabytes(latest.rssBytes), share(latest.rssBytes, latest.rssBytes),
                HumanUnits.megabytes(peak.rssBytes), share(peak.rssBytes, peak.rssBytes)));
        return rows;
    }

    private static String share(long bytes, long rssBytes) {
        return rssBytes > 0 ? HumanUnits.percent((double) bytes / rssBytes) : "-";
    }

    /** "latest at 2025-06-01 12:00:05 UTC, peak at …" for under the table. */
    static String when(Diagnosis diagnosis) {
        if (diagnosis.latest == null) {
            return "";
        }
        LedgerEntry peak = diagnosis.peak != null ? diagnosis.peak : diagnosis.latest;
        String when = "latest at " + HumanUnits.clock(diagnosis.latest.timeMillis) + ", peak RSS at "
                + HumanUnits.clock(peak.timeMillis);
        if (!diagnosis.ledger.isEmpty()) {
            long first = diagnosis.ledger.get(0).timeMillis;
            when += "; " + diagnosis.ledger.size() + " snapshot" + (diagnosis.ledger.size() == 1 ? "" : "s")
                    + " over " + HumanUnits.duration(diagnosis.latest.timeMillis - first);
        }
        return when;
    }
}
