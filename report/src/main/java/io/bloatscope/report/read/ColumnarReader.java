package io.bloatscope.report.read;

import io.bloatscope.report.json.Json;
import io.bloatscope.report.json.JsonException;
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
 */
public final class ColumnarReader {
    /** Ranges big enough that per-task overhead vanishes, small enough to balance two or more cores. */
    static final long RANGE_BYTES = 32L << 20;
    private static final int BUFFER_BYTES = 4 << 20;

    private ColumnarReader() {
    }

    public static RunColumns read(Path file) throws IOException {
        return read(file, Runtime.getRuntime().availableProcessors());
    }

    public static RunColumns read(Path file, int threads) throws IOException {
        return read(file, threads, RANGE_BYTES);
    }

    static RunColumns read(Path file, int threads, long rangeBytes) throws IOException {
        List<Path> parts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String run = runIdentity(file);
        for (Path part : SnapshotRun.partsOldestFirst(file)) {
            if (part != file && run != null && !run.equals(runIdentity(part))) {
                problems.add(part.getFileName() + ": from another JVM than " + file.getFileName() + ", skipped");
                continue;
            }
            parts.add(part);
        }
        List<Range> ranges = new ArrayList<>();
        for (Path part : parts) {
            long size = Files.size(part);
            for (long start = 0; start < size || start == 0; start += rangeBytes) {
                ranges.add(new Range(part, start, Math.min(size, start + rangeBytes), size));
                if (size == 0) {
                    break;
                }
            }
        }
        List<RangeResult> results = new ArrayList<>();
        if (threads <= 1 || ranges.size() == 1) {
            for (Range range : ranges) {
                results.add(scan(range));
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
                    futures.add(pool.submit(() -> scan(range)));
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

    private static RunColumns merge(List<RangeResult> results, List<Path> parts, List<String> problems) {
        int rows = 0;
        for (RangeResult result : results) {
            rows += result.block.rows;
        }
        List<Map<String, Object>> headers = new ArrayList<>();
        Map<String, long[]> categoryEnds = new LinkedHashMap<>();
        boolean truncated = false;
        for (int r = 0; r < results.size(); r++) {
            RangeResult result = results.get(r);
            headers.addAll(result.headers);
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
        int offset = 0;
        for (RangeResult result : results) {
            System.arraycopy(result.block.timeMillis, 0, time, offset, result.block.rows);
            result.block.timeMillis = null;
            offset += result.block.rows;
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
        return new RunColumns(time, columns, rows, headers, parts, problems, truncated, categoryEnds);
    }

    private record Range(Path part, long start, long end, long partSize) {
    }

    private static final class RangeResult {
        final Range range;
        final ColumnBlock block;
        final List<Map<String, Object>> headers = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean truncatedTail;

        RangeResult(Range range, ColumnBlock block) {
            this.range = range;
            this.block = block;
        }
    }

    /** Scans the lines that start inside the range (the last one may run past its end). */
    private static RangeResult scan(Range range) throws IOException {
        SnapshotLineScanner scanner = new SnapshotLineScanner();
        RangeResult result = null;
        try (FileChannel channel = FileChannel.open(range.part, StandardOpenOption.READ)) {
            byte[] buffer = new byte[(int) Math.min(BUFFER_BYTES, Math.max(1024, range.end - range.start + 1024))];
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
        if (result == null) {
            result = new RangeResult(range, new ColumnBlock(16));
        }
        return result;
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
        block.begin();
        int type = scanner.scan(buffer, start, trimmedEnd, block);
        boolean lastOfPart = lastWithoutNewline || offset + (end - start) + 1 >= result.range.partSize;
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

    /** "pid@jvmStartMillis" from a part's first line, or null when it has no readable header. */
    static String runIdentity(Path part) throws IOException {
        try (var reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            Map<String, Object> header = first == null ? null : Json.parseObject(first);
            if (header == null || !"header".equals(header.get("type"))) {
                return null;
            }
            return header.get("pid") + "@" + header.get("jvmStartMillis");
        } catch (JsonException | java.io.UncheckedIOException unreadable) {
            return null;
        }
    }
}
