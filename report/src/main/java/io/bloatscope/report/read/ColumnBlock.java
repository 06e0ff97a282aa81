package io.bloatscope.report.read;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The rows one reader task extracted, in file order; merged into {@link RunColumns} afterwards. */
final class ColumnBlock {
    static final int ABSENT = Integer.MIN_VALUE;

    long[] timeMillis;
    /** Per row: false when only the light fields were read (see {@link SnapshotLineScanner}). */
    boolean[] complete;
    /** Per row: the line's byte offset in its part, so a light row can be read again in full. */
    long[] offsets;
    final int[][] columns = new int[Column.ALL.length][];
    int rows;
    /** NMT category name → committed bytes at this block's first and last row where it appeared. */
    final Map<String, long[]> nmtCategoryEnds = new LinkedHashMap<>();

    ColumnBlock(int expectedRows) {
        int capacity = Math.max(16, expectedRows);
        timeMillis = new long[capacity];
        complete = new boolean[capacity];
        offsets = new long[capacity];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = new int[capacity];
        }
    }

    /** Starts a row (every column absent); {@link #commit} keeps it, starting another discards it. */
    void begin() {
        if (rows == timeMillis.length) {
            int capacity = rows + (rows >> 1) + 16;
            timeMillis = Arrays.copyOf(timeMillis, capacity);
            complete = Arrays.copyOf(complete, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], capacity);
            }
        }
        timeMillis[rows] = Long.MIN_VALUE;
        complete[rows] = true;
        for (int[] column : columns) {
            column[rows] = ABSENT;
        }
    }

    void commit() {
        rows++;
    }

    void time(long millis) {
        timeMillis[rows] = millis;
    }

    void set(Column column, long value) {
        columns[column.ordinal()][rows] = encode(column, value);
    }

    /** Adds to a column that sums several sources (e.g. NMT categories grouped), absent counting as 0. */
    void add(Column column, long value) {
        int[] values = columns[column.ordinal()];
        long current = values[rows] == ABSENT ? 0 : decode(column, values[rows]);
        values[rows] = encode(column, current + value);
    }

    void nmtCategory(String name, long committedBytes) {
        long[] ends = nmtCategoryEnds.get(name);
        if (ends == null) {
            nmtCategoryEnds.put(name, new long[] {committedBytes, committedBytes});
        } else {
            ends[1] = committedBytes;
        }
    }

    static int encode(Column column, long value) {
        long stored = column.bytes ? (value >= 0 ? (value + 512) >> 10 : -((-value + 512) >> 10)) : value;
        if (stored >= Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        return stored <= ABSENT ? ABSENT + 1 : (int) stored;
    }

    static long decode(Column column, int stored) {
        return column.bytes ? (long) stored << 10 : stored;
    }
}
