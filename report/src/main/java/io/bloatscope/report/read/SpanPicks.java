package io.bloatscope.report.read;

/**
 * The agent's tier rule (docs/format.md, "History tiers") applied by the reader: per span of
 * {@code spanMillis}, the rows with the highest and lowest RSS, the highest post-GC live set, the
 * highest NMT committed total, and the span's last. The reader uses it to bring a tiered run to one
 * resolution: the analysis counts points (trend fits, rank correlation, late-growth ratios), so an
 * exact last hour beside coarse days would weigh that hour over the days. Picking among picks gives
 * the same picks, so rows of a tier already at that span stay as they are.
 */
final class SpanPicks {
    private static final Column[] HIGHEST = {Column.RSS, Column.HEAP_USED_AFTER_GC, Column.NMT_COMMITTED};

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
            for (Column column : HIGHEST) {
                mark(keep, columns[column.ordinal()], start, end, true);
            }
            mark(keep, columns[Column.RSS.ordinal()], start, end, false);
            keep[end - 1] = true;
            start = end;
        }
        return keep;
    }

    /** Marks the first row of [start, end) holding the column's highest (or lowest) value, if any has one. */
    private static void mark(boolean[] keep, int[] column, int start, int end, boolean highest) {
        int best = -1;
        for (int i = start; i < end; i++) {
            int value = column[i];
            if (value == ColumnBlock.ABSENT) {
                continue;
            }
            if (best < 0 || (highest ? value > column[best] : value < column[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            keep[best] = true;
        }
    }
}
