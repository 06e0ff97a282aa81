package io.bloatscope.report.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last snapshots of a run held in memory as columns, for an analysis that runs inside the target
 * (live metrics): each line is scanned once as it arrives, by the same {@link SnapshotLineScanner}
 * as the file reader, and kept as one row of ints (about 300 bytes), never as text. When
 * {@code capacity} rows are held, the oldest is overwritten. Not thread-safe: one thread adds and
 * reads.
 */
public final class RollingColumns {
    private final List<Map<String, Object>> headers;
    private final int capacity;
    private final long[] timeMillis;
    private final int[][] rows;
    /** Per row, NMT committed bytes per category, indexed as {@link #categoryNames}; absent is MIN_VALUE. */
    private final long[][] categories;
    private final List<String> categoryNames = new ArrayList<>();
    private final SnapshotLineScanner scanner = new SnapshotLineScanner();
    private final ColumnBlock scratch = new ColumnBlock(1);
    private int first;
    private int count;

    /** @param headers the run's header lines, parsed; @param capacity most rows kept */
    public RollingColumns(List<Map<String, Object>> headers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.headers = List.copyOf(headers);
        this.capacity = capacity;
        this.timeMillis = new long[capacity];
        this.rows = new int[capacity][];
        this.categories = new long[capacity][];
    }

    /**
     * Scans one line (no newline) and keeps it when it is a snapshot.
     *
     * @return that snapshot alone as a run of one row, or null when the line is no snapshot
     */
    public RunColumns add(byte[] line) {
        int end = line.length;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        scratch.rows = 0;
        scratch.nmtCategoryEnds.clear();
        scratch.begin();
        if (scanner.scan(line, 0, end, scratch) != SnapshotLineScanner.SNAPSHOT
                || scratch.timeMillis[0] == Long.MIN_VALUE) {
            return null;
        }
        int slot = (first + count) % capacity;
        if (count == capacity) {
            first = (first + 1) % capacity;
        } else {
            count++;
        }
        timeMillis[slot] = scratch.timeMillis[0];
        int[] row = rows[slot] == null ? new int[Column.ALL.length] : rows[slot];
        int[][] one = new int[Column.ALL.length][];
        for (int c = 0; c < row.length; c++) {
            row[c] = scratch.columns[c][0];
            one[c] = new int[] {row[c]};
        }
        rows[slot] = row;
        for (String name : scratch.nmtCategoryEnds.keySet()) {
            if (!categoryNames.contains(name)) {
                categoryNames.add(name);
            }
        }
        long[] values = new long[categoryNames.size()];
        Arrays.fill(values, Long.MIN_VALUE);
        for (Map.Entry<String, long[]> e : scratch.nmtCategoryEnds.entrySet()) {
            values[categoryNames.indexOf(e.getKey())] = e.getValue()[1];
        }
        categories[slot] = values;
        return new RunColumns(new long[] {timeMillis[slot]}, one, 1, headers, List.of(), List.of(), false,
                scratch.nmtCategoryEnds);
    }

    /** The rows held, oldest first, as a run the analysis engine reads like one read from a file. */
    public RunColumns window() {
        long[] time = new long[count];
        int[][] columns = new int[Column.ALL.length][count];
        Map<String, long[]> ends = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int slot = (first + i) % capacity;
            time[i] = timeMillis[slot];
            for (int c = 0; c < columns.length; c++) {
                columns[c][i] = rows[slot][c];
            }
            long[] values = categories[slot];
            for (int k = 0; k < values.length; k++) {
                if (values[k] == Long.MIN_VALUE) {
                    continue;
                }
                long[] firstLast = ends.get(categoryNames.get(k));
                if (firstLast == null) {
                    ends.put(categoryNames.get(k), new long[] {values[k], values[k]});
                } else {
                    firstLast[1] = values[k];
                }
            }
        }
        return new RunColumns(time, columns, count, headers, List.of(), List.of(), false, ends);
    }

    /** Rows held now. */
    public int size() {
        return count;
    }

    /** An estimate of the heap this window holds at most, its arrays at full capacity. */
    public long capacityBytes() {
        long perRow = 16L + 4L * Column.ALL.length + 16 + 8L * Math.max(categoryNames.size(), 24) + 8 + 8 + 8;
        return capacity * perRow;
    }
}
