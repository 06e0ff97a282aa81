package io.bloatscope.report.read;

/**
 * The agent's tier rule (docs/snapshot-format.md, "History tiers") applied by the reader: per span of
 * {@code spanMillis}, the rows with the highest and lowest RSS (the first of equal ones), the highest
 * post-GC live set and NMT committed total (the latest of equal ones), and the span's last. The reader uses it to bring a tiered run to one
 * resolution: the analysis counts points (trend fits, rank correlation, late-growth ratios), so an
 * exact last hour beside coarse days would weigh that hour over the days. Picking among picks gives
 * the same picks, so rows of a tier already at that span stay as they are.
 */
final class SpanPicks {
    /** On a tie RSS keeps the first row (the ledger's peak is the first highest), the others the latest. */
    private static final Column[] LATEST_ON_TIE = {Column.HEAP_USED_AFTER_GC, Column.NMT_COMMITTED};

    private SpanPicks() {
    }

    /** Whether each row is kept: the picks of its span, rows in time order. */
    static boolean[] keep(long[] timeMillis, int[][] columns, int rows, long spanMillis) {
        boolean[] keep = new boolean[rows];
        int start = 0;
        while (start < rows) {
            long from = Math.floorDiv(timeMillis[start], spanMillis);
            int end = start;
            while (end < rows && Math.floorDiv(timeMillis[end], spanMillis) == from) {
                end++;
            }
            mark(keep, columns[Column.RSS.ordinal()], start, end, true, false);
            mark(keep, columns[Column.RSS.ordinal()], start, end, false, false);
            for (Column column : LATEST_ON_TIE) {
                mark(keep, columns[column.ordinal()], start, end, true, true);
            }
            keep[end - 1] = true;
            start = end;
        }
        return keep;
    }

    /** Marks the first row of [start, end) holding the column's highest (or lowest) value, if any has one. */
    private static void mark(boolean[] keep, int[] column, int start, int end, boolean highest, boolean latestOnTie) {
        int best = -1;
        for (int i = start; i < end; i++) {
            int value = column[i];
            if (value == ColumnBlock.ABSENT) {
                continue;
            }
            if (best < 0 || (value == column[best] ? latestOnTie : highest == value > column[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            keep[best] = true;
        }
    }
}
