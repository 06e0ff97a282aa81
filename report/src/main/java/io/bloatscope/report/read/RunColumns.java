package io.bloatscope.report.read;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's snapshots as primitive columns (one value per snapshot and {@link Column}), with the
 * run's header lines and what the reader had to skip. Built by {@link ColumnarReader}; tests build
 * it with {@link Builder}. A value the snapshot did not carry reads as {@link #ABSENT}: nothing is
 * carried forward from an earlier snapshot (smaps, for one, is sampled far less often).
 */
public final class RunColumns {
    public static final long ABSENT = Long.MIN_VALUE;

    private final long[] timeMillis;
    private final int[][] columns;
    private final int rows;
    private final List<Map<String, Object>> headers;
    private final List<Path> parts;
    private final List<String> problems;
    private final boolean truncatedLastLine;
    private final Map<String, long[]> nmtCategoryEnds;

    RunColumns(long[] timeMillis, int[][] columns, int rows, List<Map<String, Object>> headers, List<Path> parts,
            List<String> problems, boolean truncatedLastLine, Map<String, long[]> nmtCategoryEnds) {
        this.timeMillis = timeMillis;
        this.columns = columns;
        this.rows = rows;
        this.headers = List.copyOf(headers);
        this.parts = List.copyOf(parts);
        this.problems = List.copyOf(problems);
        this.truncatedLastLine = truncatedLastLine;
        this.nmtCategoryEnds = Collections.unmodifiableMap(new LinkedHashMap<>(nmtCategoryEnds));
    }

    /** Number of snapshots. */
    public int size() {
        return rows;
    }

    public long timeMillis(int row) {
        return timeMillis[row];
    }

    /** Bytes for byte columns, the count otherwise, or {@link #ABSENT}. */
    public long get(Column column, int row) {
        int stored = columns[column.ordinal()][row];
        return stored == ColumnBlock.ABSENT ? ABSENT : ColumnBlock.decode(column, stored);
    }

    public boolean has(Column column, int row) {
        return columns[column.ordinal()][row] != ColumnBlock.ABSENT;
    }

    /** How many snapshots carry the column. */
    public int count(Column column) {
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (columns[column.ordinal()][i] != ColumnBlock.ABSENT) {
                n++;
            }
        }
        return n;
    }

    /** Header lines as parsed JSON, oldest first (one per part, plus one per reconfiguration). */
    public List<Map<String, Object>> headers() {
        return headers;
    }

    public List<Path> parts() {
        return parts;
    }

    /** Lines or parts skipped, each with where and why. */
    public List<String> problems() {
        return problems;
    }

    public boolean truncatedLastLine() {
        return truncatedLastLine;
    }

    /** NMT category name → committed bytes {first, last} over the run. */
    public Map<String, long[]> nmtCategoryEnds() {
        return nmtCategoryEnds;
    }

    /** Builds columns row by row, for tests and synthetic series. */
    public static final class Builder {
        private final ColumnBlock block = new ColumnBlock(64);
        private final List<Map<String, Object>> headers = new java.util.ArrayList<>();
        private boolean open;

        public Builder header(Map<String, Object> header) {
            headers.add(header);
            return this;
        }

        public Builder row(long timeMillis) {
            if (open) {
                block.commit();
            }
            block.begin();
            block.time(timeMillis);
            open = true;
            return this;
        }

        public Builder set(Column column, long value) {
            block.set(column, value);
            return this;
        }

        public Builder nmtCategory(String name, long committedBytes) {
            block.nmtCategory(name, committedBytes);
            return this;
        }

        public RunColumns build() {
            if (open) {
                block.commit();
                open = false;
            }
            return new RunColumns(block.timeMillis, block.columns, block.rows, headers, List.of(), List.of(), false,
                    block.nmtCategoryEnds);
        }
    }
}
