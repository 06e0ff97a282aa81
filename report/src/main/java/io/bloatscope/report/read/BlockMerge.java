package io.bloatscope.report.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader tasks' results put together in file order as one {@link RunColumns}: rows concatenated
 * column by column (each block's copy let go as soon as it is copied, so a week of snapshots never
 * needs twice its columns at once), parsed lines and problems in order, and the NMT categories' first
 * and last values over the run.
 */
final class BlockMerge {
    private BlockMerge() {
    }

    static RunColumns merge(List<RangeResult> results, PartRanges run) {
        List<String> problems = new ArrayList<>(run.problems);
        Map<String, List<Map<String, Object>>> lines = new LinkedHashMap<>();
        Map<String, long[]> categoryEnds = new LinkedHashMap<>();
        boolean truncated = false;
        for (RangeResult result : results) {
            for (Map.Entry<String, List<Map<String, Object>>> e : result.parsed.entrySet()) {
                lines.computeIfAbsent(e.getKey(), type -> new ArrayList<>()).addAll(e.getValue());
            }
            problems.addAll(result.problems);
            // Only the very last line of the newest part is "normal" truncation; an older part cut off
            // mid-line means the agent rotated after a failed write, which is worth a problem line.
            if (result.truncatedTail) {
                if (result.range.part().equals(run.newest())) {
                    truncated = true;
                } else {
                    problems.add(result.range.part().getFileName() + ": last line truncated, skipped");
                }
            }
            extendEnds(categoryEnds, result.block.nmtCategoryEnds);
        }
        int rows = 0;
        for (RangeResult result : results) {
            rows += result.block.rows;
        }
        RowPlaces places = rowPlaces(results, rows);
        RunColumns merged = new RunColumns(places.time, columns(results, rows), rows,
                lines.getOrDefault(LineType.HEADER.name, List.of()), run.parts, problems, truncated, categoryEnds);
        merged.lines(lines);
        if (!places.allComplete) {
            merged.light(places.complete, places.offsets, places.rowParts,
                    Arrays.copyOf(places.partFirstRows, places.rowParts.size()));
        }
        return merged;
    }

    /** Adds {@code more}'s categories to {@code ends}: first values kept, last values replaced. */
    static void extendEnds(Map<String, long[]> ends, Map<String, long[]> more) {
        for (Map.Entry<String, long[]> e : more.entrySet()) {
            long[] known = ends.get(e.getKey());
            if (known == null) {
                ends.put(e.getKey(), e.getValue().clone());
            } else {
                known[1] = e.getValue()[1];
            }
        }
    }

    /** Per row: time, whether read in full, and where its line is. */
    private static final class RowPlaces {
        long[] time;
        boolean[] complete;
        long[] offsets;
        boolean allComplete = true;
        final List<Path> rowParts = new ArrayList<>();
        int[] partFirstRows;
    }

    private static RowPlaces rowPlaces(List<RangeResult> results, int rows) {
        RowPlaces places = new RowPlaces();
        places.time = new long[rows];
        places.complete = new boolean[rows];
        places.offsets = new long[rows];
        places.partFirstRows = new int[results.size()];
        int offset = 0;
        for (RangeResult result : results) {
            ColumnBlock block = result.block;
            System.arraycopy(block.timeMillis, 0, places.time, offset, block.rows);
            System.arraycopy(block.complete, 0, places.complete, offset, block.rows);
            System.arraycopy(block.offsets, 0, places.offsets, offset, block.rows);
            for (int i = 0; i < block.rows && places.allComplete; i++) {
                places.allComplete = block.complete[i];
            }
            places.partFirstRows[places.rowParts.size()] = offset;
            places.rowParts.add(result.range.part());
            block.timeMillis = null;
            block.complete = null;
            block.offsets = null;
            offset += block.rows;
        }
        return places;
    }

    private static int[][] columns(List<RangeResult> results, int rows) {
        int[][] columns = new int[Column.ALL.length][];
        for (int c = 0; c < columns.length; c++) {
            int[] column = new int[rows];
            int offset = 0;
            for (RangeResult result : results) {
                System.arraycopy(result.block.columns[c], 0, column, offset, result.block.rows);
                result.block.columns[c] = null; // let the block's copy go before the next column is built
                offset += result.block.rows;
            }
            columns[c] = column;
        }
        return columns;
    }
}
