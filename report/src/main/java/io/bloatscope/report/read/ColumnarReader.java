package io.bloatscope.report.read;

import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import io.bloatscope.format.RunParts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a run (the file and its rotated parts, oldest first, parts of another JVM skipped) into
 * {@link RunColumns}, fast enough for a week of 1 s snapshots: the parts are cut into byte ranges at
 * line boundaries, each range is scanned by {@link SnapshotLineScanner} on its own thread into its
 * own {@link ColumnBlock}, and the blocks are concatenated in file order. Header lines are few and
 * parsed in full with {@link Json}. Tolerance rules are those of {@link SnapshotRun}: a truncated
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
    private static final int BUFFER_BYTES = 4 << 20;
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

    /** {@code strideBytes} &lt; 0: chosen from the run's size; 0: every line in full. */
    static RunColumns read(Path file, int threads, long rangeBytes, long strideBytes) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> parts = RunParts.of(file, problems);
        long totalBytes = 0;
        for (Path part : parts) {
            totalBytes += Files.size(part);
        }
        long stride = strideBytes < 0 ? strideBytes(totalBytes) : strideBytes;
        List<Range> ranges = new ArrayList<>();
        for (Path part : parts) {
            long size = Files.size(part);
            for (long start = 0; start < size || start == 0; start += rangeBytes) {
                ranges.add(new Range(part, start, Math.min(size, start + rangeBytes), size, stride));
                if (size == 0) {
                    break;
                }
            }
        }
        List<RangeResult> results = new ArrayList<>();
        // one buffer per worker, handed from range to range: a fresh 4 MB array per range is a humongous
        // allocation for G1 in a small heap, and each of them started a collection
        java.util.Queue<byte[]> buffers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        if (threads <= 1 || ranges.size() == 1) {
            for (Range range : ranges) {
                results.add(scan(range, buffers));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, ranges.size()), task -> {
                Thread thread = new Thread(task, "bloatscope-reader");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<RangeResult>> futures = new ArrayList<>();
                for (Range range : ranges) {
                    futures.add(pool.submit(() -> scan(range, buffers)));
                }
                for (Future<RangeResult> future : futures) {
                    results.add(future.get());
                }
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
        return merge(results, parts, problems);
    }

    private static RunColumns merge(List<RangeResult> results, List<Path> parts, List<String> problems)
            throws IOException {
        RunColumns columns = mergeBlocks(results, parts, problems);
        if (columns.allComplete()) {
            return columns;
        }
        // the ledger's peak (first highest RSS) and latest rows must be exact: read them again in full
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
                ColumnBlock full = readLineInFull(columns.partOf(row), columns.offsetOf(row));
                if (full != null) {
                    columns.completeRow(row, full, row == latest);
                }
            }
        }
        return columns;
    }

    /** One snapshot line read and scanned in full, or null when it no longer reads as one. */
    private static ColumnBlock readLineInFull(Path part, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
            byte[] buffer = new byte[64 << 10];
            int filled = 0;
            int newline = -1;
            while (newline < 0) {
                if (filled == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), offset + filled);
                if (read < 0) {
                    break;
                }
                newline = ByteSearch.newline(buffer, filled, filled + read);
                filled += read;
            }
            int end = newline < 0 ? filled : newline;
            if (end > 0 && buffer[end - 1] == '\r') {
                end--;
            }
            ColumnBlock block = new ColumnBlock(1);
            block.begin();
            if (new SnapshotLineScanner().scan(buffer, 0, end, block) != SnapshotLineScanner.SNAPSHOT
                    || block.timeMillis[0] == Long.MIN_VALUE) {
                return null;
            }
            block.commit();
            return block;
        }
    }

    private static RunColumns mergeBlocks(List<RangeResult> results, List<Path> parts, List<String> problems) {
        int rows = 0;
        for (RangeResult result : results) {
            rows += result.block.rows;
        }
        List<Map<String, Object>> headers = new ArrayList<>();
        List<Map<String, Object>> captures = new ArrayList<>();
        Map<String, long[]> categoryEnds = new LinkedHashMap<>();
        boolean truncated = false;
        for (int r = 0; r < results.size(); r++) {
            RangeResult result = results.get(r);
            headers.addAll(result.headers);
            captures.addAll(result.captures);
            problems.addAll(result.problems);
            // Only the very last line of the newest part is "normal" truncation; an older part cut off
            // mid-line means the agent rotated after a failed write, which is worth a problem line.
            if (result.truncatedTail) {
                if (result.range.part.equals(parts.get(parts.size() - 1))) {
                    truncated = true;
                } else {
                    problems.add(result.range.part.getFileName() + ": last line truncated, skipped");
                }
            }
            for (Map.Entry<String, long[]> e : result.block.nmtCategoryEnds.entrySet()) {
                long[] ends = categoryEnds.get(e.getKey());
                if (ends == null) {
                    categoryEnds.put(e.getKey(), e.getValue().clone());
                } else {
                    ends[1] = e.getValue()[1];
                }
            }
        }
        long[] time = new long[rows];
        boolean[] complete = new boolean[rows];
        long[] offsets = new long[rows];
        boolean allComplete = true;
        List<Path> rowParts = new ArrayList<>();
        int[] partFirstRows = new int[results.size()];
        int offset = 0;
        for (RangeResult result : results) {
            ColumnBlock block = result.block;
            System.arraycopy(block.timeMillis, 0, time, offset, block.rows);
            System.arraycopy(block.complete, 0, complete, offset, block.rows);
            System.arraycopy(block.offsets, 0, offsets, offset, block.rows);
            for (int i = 0; i < block.rows && allComplete; i++) {
                allComplete = block.complete[i];
            }
            partFirstRows[rowParts.size()] = offset;
            rowParts.add(result.range.part);
            block.timeMillis = null;
            block.complete = null;
            block.offsets = null;
            offset += block.rows;
        }
        int[][] columns = new int[Column.ALL.length][];
        for (int c = 0; c < columns.length; c++) {
            int[] column = new int[rows];
            offset = 0;
            for (RangeResult result : results) {
                System.arraycopy(result.block.columns[c], 0, column, offset, result.block.rows);
                result.block.columns[c] = null; // let the block's copy go before the next column is built
                offset += result.block.rows;
            }
            columns[c] = column;
        }
        RunColumns merged = new RunColumns(time, columns, rows, headers, parts, problems, truncated, categoryEnds);
        merged.captures(captures);
        if (!allComplete) {
            merged.light(complete, offsets, rowParts, java.util.Arrays.copyOf(partFirstRows, rowParts.size()));
        }
        return merged;
    }

    /** {@code strideBytes}: a line is read in full when it is the first to start at or past a multiple of it. */
    private record Range(Path part, long start, long end, long partSize, long strideBytes) {
    }

    private static final class RangeResult {
        final Range range;
        final ColumnBlock block;
        final List<Map<String, Object>> headers = new ArrayList<>();
        final List<Map<String, Object>> captures = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean truncatedTail;
        /** The next line at or past this offset is read in full (the range's first line always is). */
        long nextFullOffset;
        /** Where {@link #lightLine} found the line's end. */
        int lightEnd;

        RangeResult(Range range, ColumnBlock block) {
            this.range = range;
            this.block = block;
        }
    }

    /** Scans the lines that start inside the range (the last one may run past its end). */
    private static RangeResult scan(Range range, java.util.Queue<byte[]> buffers) throws IOException {
        SnapshotLineScanner scanner = new SnapshotLineScanner();
        RangeResult result = null;
        int wanted = (int) Math.min(BUFFER_BYTES, Math.max(1024, range.end - range.start + 1024));
        byte[] buffer = buffers.poll();
        if (buffer == null || buffer.length < wanted) {
            buffer = new byte[wanted];
        }
        try (FileChannel channel = FileChannel.open(range.part, StandardOpenOption.READ)) {
            long position = range.start;
            int filled = 0;
            boolean skipFirst = range.start > 0;
            if (skipFirst) {
                position = range.start - 1; // a line that starts exactly at range.start is ours
            }
            long lineStartOffset = position;
            boolean eof = false;
            while (true) {
                if (!eof) {
                    ByteBuffer into = ByteBuffer.wrap(buffer, filled, buffer.length - filled);
                    int read = channel.read(into, position + filled);
                    if (read < 0) {
                        eof = true;
                    } else {
                        filled += read;
                    }
                }
                int start = 0;
                if (skipFirst) {
                    int newline = indexOf(buffer, 0, filled, (byte) '\n');
                    if (newline < 0) {
                        if (eof) {
                            break;
                        }
                        // a line longer than the buffer straddles our start: keep looking
                        position += filled;
                        filled = 0;
                        continue;
                    }
                    start = newline + 1;
                    skipFirst = false;
                    lineStartOffset = position + start;
                }
                if (result == null) {
                    long expectedRows = estimateRows(buffer, start, filled, range.end - lineStartOffset);
                    result = new RangeResult(range, new ColumnBlock((int) Math.min(Integer.MAX_VALUE - 16, expectedRows)));
                }
                boolean done = false;
                while (start < filled) {
                    if (position + start >= range.end) {
                        done = true;
                        break;
                    }
                    if (result.range.strideBytes > 0 && position + start < result.nextFullOffset
                            && lightLine(scanner, buffer, start, filled, result, position + start)) {
                        start = result.lightEnd + 1;
                        continue;
                    }
                    int newline = indexOf(buffer, start, filled, (byte) '\n');
                    if (newline < 0) {
                        if (!eof) {
                            break; // refill
                        }
                        line(scanner, buffer, start, filled, result, position + start, true);
                        start = filled;
                        break;
                    }
                    line(scanner, buffer, start, newline, result, position + start, false);
                    start = newline + 1;
                }
                if (done || (eof && start >= filled)) {
                    break;
                }
                // move the partial line to the front (growing the buffer for a line longer than it)
                int rest = filled - start;
                if (start == 0 && rest == buffer.length) {
                    byte[] bigger = new byte[buffer.length * 2];
                    System.arraycopy(buffer, 0, bigger, 0, rest);
                    buffer = bigger;
                } else {
                    System.arraycopy(buffer, start, buffer, 0, rest);
                }
                position += start;
                filled = rest;
            }
        }
        buffers.offer(buffer);
        if (result == null) {
            result = new RangeResult(range, new ColumnBlock(16));
        }
        return result;
    }

    /**
     * A line to be read light, its end found in the same pass as its tail is checked: true when it
     * was (the row is committed and {@code result.lightEnd} is its '\n'); false leaves nothing behind
     * and the caller goes the usual way (line end first, then {@link #line}).
     */
    private static boolean lightLine(SnapshotLineScanner scanner, byte[] buffer, int start, int filled,
            RangeResult result, long offset) {
        ColumnBlock block = result.block;
        block.begin();
        int newline = scanner.scanLightToNewline(buffer, start, filled, block);
        if (newline < 0 || offset + (newline - start) + 1 >= result.range.partSize
                || block.timeMillis[block.rows] == Long.MIN_VALUE) {
            return false; // the last line of a part is read in full; a row without time is a problem to list
        }
        block.complete[block.rows] = false;
        block.offsets[block.rows] = offset;
        block.commit();
        result.lightEnd = newline;
        return true;
    }

    private static void line(SnapshotLineScanner scanner, byte[] buffer, int start, int end, RangeResult result,
            long offset, boolean lastWithoutNewline) {
        int trimmedEnd = end;
        if (trimmedEnd > start && buffer[trimmedEnd - 1] == '\r') {
            trimmedEnd--;
        }
        if (isBlank(buffer, start, trimmedEnd)) {
            return;
        }
        ColumnBlock block = result.block;
        long stride = result.range.strideBytes;
        boolean lastOfPart = lastWithoutNewline || offset + (end - start) + 1 >= result.range.partSize;
        // a part's last line is read in full: the light scan cannot tell a truncated line from a whole one
        boolean full = stride <= 0 || offset >= result.nextFullOffset || lastOfPart;
        block.begin();
        int type = scanner.scan(buffer, start, trimmedEnd, block, !full);
        if (type == SnapshotLineScanner.NEEDS_FULL) {
            full = true;
            block.begin(); // discard the light values and start the row again
            type = scanner.scan(buffer, start, trimmedEnd, block, false);
        }
        block.complete[block.rows] = full;
        block.offsets[block.rows] = offset;
        if (full && stride > 0 && type == SnapshotLineScanner.SNAPSHOT && offset >= result.nextFullOffset) {
            result.nextFullOffset = (offset / stride + 1) * stride;
        }
        switch (type) {
            case SnapshotLineScanner.SNAPSHOT:
                if (block.timeMillis[block.rows] == Long.MIN_VALUE) {
                    result.problems.add(where(result, offset) + ": snapshot without timeMillis, skipped");
                } else {
                    block.commit();
                }
                break;
            case SnapshotLineScanner.HEADER:
                try {
                    result.headers.add(Json.parseObject(new String(buffer, start, trimmedEnd - start, StandardCharsets.UTF_8)));
                } catch (JsonException malformed) {
                    if (lastOfPart) {
                        result.truncatedTail = true;
                    } else {
                        result.problems.add(where(result, offset) + ": unreadable header, skipped (" + malformed.getMessage() + ")");
                    }
                }
                break;
            case SnapshotLineScanner.CAPTURE:
                try {
                    result.captures.add(Json.parseObject(new String(buffer, start, trimmedEnd - start, StandardCharsets.UTF_8)));
                } catch (JsonException malformed) {
                    if (lastOfPart) {
                        result.truncatedTail = true;
                    } else {
                        result.problems.add(where(result, offset) + ": unreadable capture, skipped (" + malformed.getMessage() + ")");
                    }
                }
                break;
            case SnapshotLineScanner.MALFORMED:
                if (lastOfPart) {
                    result.truncatedTail = true;
                } else {
                    result.problems.add(where(result, offset) + ": unreadable line, skipped");
                }
                break;
            default:
                result.problems.add(where(result, offset) + ": line of unknown type, skipped");
        }
    }

    private static String where(RangeResult result, long offset) {
        return result.range.part.getFileName() + " at byte " + offset;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte newline) {
        return ByteSearch.newline(b, from, to);
    }

    /** Rows to expect in {@code bytes} from the lines in the buffer, with 10% slack, so blocks rarely grow. */
    private static long estimateRows(byte[] buffer, int start, int filled, long bytes) {
        int lines = 0;
        int last = start;
        for (int i = start; i < filled && lines < 64; i++) {
            if (buffer[i] == '\n') {
                lines++;
                last = i + 1;
            }
        }
        if (lines == 0) {
            return 16;
        }
        double lineBytes = (double) (last - start) / lines;
        return (long) (bytes / lineBytes * 1.1) + 16;
    }
}
