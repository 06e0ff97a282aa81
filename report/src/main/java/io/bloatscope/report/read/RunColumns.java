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
    /** Null when every row is complete; else per row whether it was read in full (see {@link ColumnarReader}). */
    private boolean[] complete;
    private long[] offsets;
    private List<Path> rowParts;
    private int[] partFirstRows;
    private Map<String, List<Map<String, Object>>> lines = Map.of();
    private RunTail tail = RunTail.NONE;

    RunColumns(long[] timeMillis, int[][] columns, int rows, List<Map<String, Object>> headers, List<Path> parts,
            List<String> problems, boolean truncatedLastLine, Map<String, long[]> nmtCategoryEnds) {
        this.timeMillis = timeMillis;
        this.columns = columns;
        this.rows = rows;
        this.headers = List.copyOf(headers);
        this.parts = List.copyOf(parts);
        this.problems = List.copyOf(problems);
        this.truncatedLastLine = truncatedLastLine;
        this.nmtCategoryEnds = new LinkedHashMap<>(nmtCategoryEnds);
    }

    /** The run's lines of the types parsed whole ({@link LineType}), by type name, in file order. */
    void lines(Map<String, List<Map<String, Object>>> lines) {
        Map<String, List<Map<String, Object>>> copy = new LinkedHashMap<>();
        lines.forEach((type, parsed) -> copy.put(type, List.copyOf(parsed)));
        this.lines = copy;
    }

    /** The run's lines of a type read whole (e.g. {@code "capture"}), parsed, in file order; empty when none. */
    public List<Map<String, Object>> lines(String type) {
        return lines.getOrDefault(type, List.of());
    }

    /** The capture lines ({@code "type":"capture"}) of the run, in file order; empty when none. */
    public List<Map<String, Object>> captures() {
        return lines(LineType.CAPTURE.name);
    }

    void tail(RunTail tail) {
        this.tail = tail;
    }

    /** What the end of the run holds that the analysis reads whole: latest sites, compilations, how it ended. */
    public RunTail tail() {
        return tail;
    }

    /** Marks the rows read light, with where each row's line is (blocks of rows per part, in order). */
    void light(boolean[] complete, long[] offsets, List<Path> rowParts, int[] partFirstRows) {
        this.complete = complete;
        this.offsets = offsets;
        this.rowParts = rowParts;
        this.partFirstRows = partFirstRows;
    }

    boolean allComplete() {
        return complete == null;
    }

    Path partOf(int row) {
        int block = 0;
        while (block + 1 < partFirstRows.length && partFirstRows[block + 1] <= row) {
            block++;
        }
        return rowParts.get(block);
    }

    long offsetOf(int row) {
        return offsets[row];
    }

    /** Replaces a light row by the same line read in full; the latest row also sets the NMT categories' last values. */
    void completeRow(int row, ColumnBlock full, boolean latest) {
        for (int c = 0; c < columns.length; c++) {
            columns[c][row] = full.columns[c][0];
        }
        timeMillis[row] = full.timeMillis[0];
        complete[row] = true;
        if (latest) {
            BlockMerge.extendEnds(nmtCategoryEnds, full.nmtCategoryEnds);
        }
    }

    /**
     * False for a row of a long run that was read light: it carries time, process (RSS, threads),
     * heap and GC counts only, every other column reads absent. The peak-RSS and latest rows are
     * always complete.
     */
    public boolean complete(int row) {
        return complete == null || complete[row];
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
        return Collections.unmodifiableMap(nmtCategoryEnds);
    }

    /** Builds columns row by row, for tests and synthetic series. */
    public static final class Builder {
        private final ColumnBlock block = new ColumnBlock(64);
        private final List<Map<String, Object>> headers = new java.util.ArrayList<>();
        private boolean open;
        private boolean[] light = new boolean[64];
        private boolean anyLight;

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

        /** Marks the current row as read light (see {@link RunColumns#complete}). */
        public Builder light() {
            if (block.rows >= light.length) {
                light = java.util.Arrays.copyOf(light, block.rows * 2 + 1);
            }
            light[block.rows] = true;
            anyLight = true;
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
            RunColumns built = new RunColumns(block.timeMillis, block.columns, block.rows, headers, List.of(), List.of(),
                    false, block.nmtCategoryEnds);
            if (anyLight) {
                boolean[] complete = new boolean[block.rows];
                for (int i = 0; i < block.rows; i++) {
                    complete[i] = i >= light.length || !light[i];
                }
                built.complete = complete;
            }
            return built;
        }
    }
}
