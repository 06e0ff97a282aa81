package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run with its history tiers: the exact snapshots, then for the time before them the
 * finest tier that holds it (tier 1, then 2, then 3), so a week is read from a few thousand lines
 * instead of hundreds of thousands. Each tier line is a whole snapshot as the agent wrote it (a peak,
 * a trough or a span's last), so it is read by the same {@link ColumnarReader} as the exact part and
 * the rows are the same kind of row. The run is then brought to the resolution of the coarsest tier
 * it used (see {@link SpanPicks}): the analysis counts points, and a day of exact snapshots beside a
 * week of hourly picks would otherwise outweigh the week. Picks keep every peak, so the ledger's
 * latest and peak rows stay exact. A run without tier files is returned as {@link ColumnarReader}
 * reads it, untouched.
 */
public final class TieredRun {
    private TieredRun() {
    }

    public static RunColumns read(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> tierFiles = HistoryTiers.of(file, problems);
        if (tierFiles.isEmpty() && problems.isEmpty()) {
            return ColumnarReader.read(file);
        }
        List<RunColumns> tiers = new ArrayList<>();
        for (Path tier : tierFiles) {
            tiers.add(ColumnarReader.read(tier));
        }
        // The finest tier already holds the picks of every exact snapshot up to its last line, and the
        // run is brought to the coarsest tier's picks anyway: exact parts that ended before that line
        // would only be read to be thinned away (an hour of 1 s snapshots is most of a week's bytes).
        RunColumns exact = ColumnarReader.readFrom(file, newestTierRow(tiers));
        return merge(exact, tiers, problems);
    }

    /** The time of the newest row in any tier, MIN_VALUE when the tiers have none (then every exact part is read). */
    private static long newestTierRow(List<RunColumns> tiers) {
        long newest = Long.MIN_VALUE;
        for (RunColumns tier : tiers) {
            if (tier.size() > 0) {
                newest = Math.max(newest, tier.timeMillis(tier.size() - 1));
            }
        }
        return newest;
    }

    /**
     * The exact rows, preceded by each tier's rows older than everything finer, coarsest first.
     *
     * @param tiers finest first
     */
    static RunColumns merge(RunColumns exact, List<RunColumns> tiers, List<String> extraProblems) {
        int sources = tiers.size() + 1;
        RunColumns[] oldestFirst = new RunColumns[sources];
        int[] taken = new int[sources];
        oldestFirst[sources - 1] = exact;
        taken[sources - 1] = exact.size();
        long before = exact.size() > 0 ? exact.timeMillis(0) : Long.MAX_VALUE;
        for (int t = 0; t < tiers.size(); t++) {
            RunColumns tier = tiers.get(t);
            int source = sources - 2 - t;
            oldestFirst[source] = tier;
            int rows = 0;
            while (rows < tier.size() && tier.timeMillis(rows) < before) {
                rows++;
            }
            taken[source] = rows;
            if (rows > 0) {
                before = Math.min(before, tier.timeMillis(0));
            }
        }
        int total = 0;
        long spanMillis = 0;
        for (int source = 0; source < sources; source++) {
            total += taken[source];
            if (spanMillis == 0 && taken[source] > 0 && source < sources - 1) {
                spanMillis = spanOf(oldestFirst[source]);
            }
        }
        long[] time = new long[total];
        int[][] columns = new int[Column.ALL.length][total];
        boolean[] complete = new boolean[total];
        List<Path> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, long[]> categoryEnds = new LinkedHashMap<>();
        int row = 0;
        for (int s = 0; s < sources; s++) {
            RunColumns source = oldestFirst[s];
            for (int i = 0; i < taken[s]; i++, row++) {
                time[row] = source.timeMillis(i);
                complete[row] = source.complete(i);
                for (Column column : Column.ALL) {
                    columns[column.ordinal()][row] = source.has(column, i)
                            ? ColumnBlock.encode(column, source.get(column, i)) : ColumnBlock.ABSENT;
                }
            }
            if (taken[s] > 0) {
                parts.addAll(source.parts());
                // the first from the oldest source, the last from the newest
                BlockMerge.extendEnds(categoryEnds, source.nmtCategoryEnds());
            }
            problems.addAll(source.problems());
        }
        problems.addAll(extraProblems);
        if (spanMillis > 0) {
            total = keepOnly(SpanPicks.keep(time, columns, total, spanMillis), time, columns, complete);
        }
        // The run's facts are those of its exact part: the tier headers repeat them for their own part.
        List<Map<String, Object>> headers = exact.headers().isEmpty() && !tiers.isEmpty()
                ? tiers.get(tiers.size() - 1).headers() : exact.headers();
        RunColumns merged = new RunColumns(time, columns, total, headers, parts, problems, exact.truncatedLastLine(),
                categoryEnds);
        Map<String, List<Map<String, Object>>> lines = new LinkedHashMap<>();
        lines.put(LineType.HEADER.name, headers);
        lines.put(LineType.CAPTURE.name, captures(exact, tiers));
        merged.lines(lines);
        // Sites, compilations and how the run ended are the exact file's: its tail is the run's tail.
        merged.tail(exact.tail());
        boolean allComplete = true;
        for (int i = 0; i < total; i++) {
            allComplete &= complete[i];
        }
        if (!allComplete) {
            // every light row has been read already where it had to be (peak and latest, see ColumnarReader)
            merged.light(complete, new long[total], List.of(), new int[0]);
        }
        return merged;
    }

    /**
     * The exact part's captures, after those the coarsest tier kept from before it (the agent writes
     * each capture to both; the exact part's copy goes with the part).
     */
    private static List<Map<String, Object>> captures(RunColumns exact, List<RunColumns> tiers) {
        long before = exact.size() > 0 ? exact.timeMillis(0) : Long.MAX_VALUE;
        List<Map<String, Object>> captures = new ArrayList<>();
        for (RunColumns tier : tiers) {
            for (Map<String, Object> capture : tier.captures()) {
                if (Fields.getLong(capture, "timeMillis", Long.MAX_VALUE) < before) {
                    captures.add(capture);
                }
            }
        }
        captures.addAll(exact.captures());
        return captures;
    }

    /** A tier's span from its header ({@code tier.spanMillis}), 0 when it does not say. */
    private static long spanOf(RunColumns tier) {
        for (Map<String, Object> header : tier.headers()) {
            long span = Fields.getLong(header, "tier.spanMillis", 0);
            if (span > 0) {
                return span;
            }
        }
        return 0;
    }

    /** Moves the kept rows to the front of every array, in order; returns how many there are. */
    private static int keepOnly(boolean[] keep, long[] time, int[][] columns, boolean[] complete) {
        int kept = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                continue;
            }
            time[kept] = time[i];
            complete[kept] = complete[i];
            for (int[] column : columns) {
                column[kept] = column[i];
            }
            kept++;
        }
        return kept;
    }
}
