package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a run (the file and its rotated parts, oldest first, parts of another JVM skipped) into
 * {@link RunColumns}, fast enough for a week of 1 s snapshots, in named steps: the run's parts
 * ({@link PartRanges}) are cut into byte ranges at line boundaries, each range is scanned by a
 * {@link RangeScan} on its own thread into its own {@link ColumnBlock}, the blocks are put together
 * in file order ({@link BlockMerge}), the rows that must be exact are made so, and the lines the
 * analysis reads whole are read ({@link RunTail}). Header and capture lines are few and parsed in
 * full with the report's JSON parser. Tolerance rules are those of {@link SnapshotRun}: a truncated
 * last line is normal (flagged, not a problem), a malformed line elsewhere or an unknown line type
 * is skipped and listed.
 *
 * <p>Long runs are read with a stride: every line is scanned for what the analysis needs from each
 * snapshot (time, process RSS, heap pools and GC counts, so peaks and "the first snapshot after each
 * GC" stay exact) but only about {@link #FULL_LINES} lines, evenly spread by byte offset, plus every
 * line with smaps or a trim probe, are read in full (NMT, malloc_info, non-heap, buffers). Trends use
 * at most a few hundred points and charts a thousand, so the rest would only be averaged away. The
 * peak-RSS and the last line are then read again in full, so the ledger's latest and peak entries
 * are exact. {@link RunColumns#complete} tells which rows are full. Files under
 * {@link #STRIDE_MIN_BYTES} are read in full throughout.
 */
public final class ColumnarReader {
    /** Ranges big enough that per-task overhead vanishes, small enough to balance two or more cores. */
    static final long RANGE_BYTES = 32L << 20;
    /** About this many lines of a long run are read in full. */
    static final long FULL_LINES = 10_000;
    /** Runs smaller than this (about 100,000 lines of 5 KB) are read in full, every line. */
    static final long STRIDE_MIN_BYTES = 512L << 20;

    private ColumnarReader() {
    }

    public static RunColumns read(Path file) throws IOException {
        return read(file, Runtime.getRuntime().availableProcessors());
    }

    public static RunColumns read(Path file, int threads) throws IOException {
        return read(file, threads, RANGE_BYTES);
    }

    static RunColumns read(Path file, int threads, long rangeBytes) throws IOException {
        return read(file, threads, rangeBytes, -1);
    }

    /** Bytes between lines read in full for a run of {@code totalBytes}, or 0 to read every line in full. */
    static long strideBytes(long totalBytes) {
        return totalBytes < STRIDE_MIN_BYTES ? 0 : totalBytes / FULL_LINES;
    }

    /**
     * The run's snapshots from about {@code fromMillis} on: parts that ended before it are not read
     * (see {@link PartRanges}); the part that holds {@code fromMillis} is read whole.
     */
    static RunColumns readFrom(Path file, long fromMillis) throws IOException {
        return read(new PartRanges(file, fromMillis), Runtime.getRuntime().availableProcessors(), RANGE_BYTES, -1, file);
    }

    /** {@code strideBytes} &lt; 0: chosen from the run's size; 0: every line in full. */
    static RunColumns read(Path file, int threads, long rangeBytes, long strideBytes) throws IOException {
        return read(new PartRanges(file), threads, rangeBytes, strideBytes, file);
    }

    private static RunColumns read(PartRanges run, int threads, long rangeBytes, long strideBytes, Path file) throws IOException {
        long stride = strideBytes < 0 ? strideBytes(run.totalBytes) : strideBytes;
        List<RangeResult> results = scan(run.ranges(rangeBytes, stride), threads, file);
        RunColumns columns = BlockMerge.merge(results, run);
        makePeakAndLatestExact(columns);
        columns.tail(RunTail.read(last(results, r -> r.lastSites), last(results, r -> r.lastCompilerMemory),
                last(results, r -> r.lastSnapshot)));
        return columns;
    }

    /** Each range scanned, on up to {@code threads} daemon threads; results in file order. */
    private static List<RangeResult> scan(List<ByteRange> ranges, int threads, Path file) throws IOException {
        List<RangeResult> results = new ArrayList<>();
        Queue<byte[]> buffers = new ConcurrentLinkedQueue<>();
        if (threads <= 1 || ranges.size() == 1) {
            for (ByteRange range : ranges) {
                results.add(RangeScan.scan(range, buffers));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, ranges.size()), task -> {
            Thread thread = new Thread(task, "bloatscope-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RangeResult>> futures = new ArrayList<>();
            for (ByteRange range : ranges) {
                futures.add(pool.submit(() -> RangeScan.scan(range, buffers)));
            }
            for (Future<RangeResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + file, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException("reading " + file + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The ledger's peak (first highest RSS) and latest rows must be exact: read them again in full. */
    private static void makePeakAndLatestExact(RunColumns columns) throws IOException {
        if (columns.allComplete()) {
            return;
        }
        int peak = -1;
        int latest = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.has(Column.RSS, i)) {
                latest = i;
                if (peak < 0 || columns.get(Column.RSS, i) > columns.get(Column.RSS, peak)) {
                    peak = i;
                }
            }
        }
        for (int row : new int[] {peak, latest}) {
            if (row >= 0 && !columns.complete(row)) {
                ColumnBlock full = rowInFull(new LineRef(columns.partOf(row), columns.offsetOf(row)));
                if (full != null) {
                    columns.completeRow(row, full, row == latest);
                }
            }
        }
    }

    /** One snapshot line read and scanned in full, or null when it no longer reads as one. */
    private static ColumnBlock rowInFull(LineRef line) throws IOException {
        byte[] bytes = LineAt.read(line);
        ColumnBlock block = new ColumnBlock(1);
        block.begin();
        if (new SnapshotLineScanner().scan(bytes, 0, bytes.length, block) != SnapshotLineScanner.SNAPSHOT
                || block.timeMillis[0] == Long.MIN_VALUE) {
            return null;
        }
        block.commit();
        return block;
    }

    /** The last of the ranges' noted lines of one kind (offset -1: none in that range), or null. */
    private static LineRef last(List<RangeResult> results, java.util.function.ToLongFunction<RangeResult> offset) {
        for (int i = results.size() - 1; i >= 0; i--) {
            long at = offset.applyAsLong(results.get(i));
            if (at >= 0) {
                return new LineRef(results.get(i).range.part(), at);
            }
        }
        return null;
    }
}
