package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Queue;

/**
 * One reader task: the lines that start inside a {@link ByteRange} (the last one may run past its
 * end), read through one reused buffer into a {@link RangeResult}. A line that starts before the
 * range belongs to the task before; a line longer than the buffer grows it.
 */
final class RangeScan {
    private static final int BUFFER_BYTES = 4 << 20;

    private final ByteRange range;
    private final SnapshotLineScanner scanner = new SnapshotLineScanner();
    private byte[] buffer;
    /** File offset of buffer[0], and how much of the buffer holds file bytes. */
    private long position;
    private int filled;
    private boolean eof;
    private RangeResult result;

    private RangeScan(ByteRange range, byte[] buffer) {
        this.range = range;
        this.buffer = buffer;
    }

    /**
     * Scans the range with a buffer from {@code buffers} (one per worker, handed from range to range:
     * a fresh 4 MB array per range is a humongous allocation for G1 in a small heap, and each of them
     * started a collection), which it gives back.
     */
    static RangeResult scan(ByteRange range, Queue<byte[]> buffers) throws IOException {
        int wanted = (int) Math.min(BUFFER_BYTES, Math.max(1024, range.end() - range.start() + 1024));
        byte[] buffer = buffers.poll();
        if (buffer == null || buffer.length < wanted) {
            buffer = new byte[wanted];
        }
        RangeScan scan = new RangeScan(range, buffer);
        try (FileChannel channel = FileChannel.open(range.part(), StandardOpenOption.READ)) {
            scan.run(channel);
        }
        buffers.offer(scan.buffer);
        return scan.result != null ? scan.result : new RangeResult(range, new ColumnBlock(16));
    }

    private void run(FileChannel channel) throws IOException {
        boolean skipFirst = range.start() > 0;
        // a line that starts exactly at range.start is ours: look for the '\n' just before it
        position = skipFirst ? range.start() - 1 : range.start();
        while (true) {
            fill(channel);
            int start = 0;
            if (skipFirst) {
                int newline = ByteSearch.newline(buffer, 0, filled);
                if (newline < 0) {
                    if (eof) {
                        return;
                    }
                    // a line longer than the buffer straddles our start: keep looking
                    position += filled;
                    filled = 0;
                    continue;
                }
                start = newline + 1;
                skipFirst = false;
            }
            if (result == null) {
                long expectedRows = estimateRows(start, range.end() - (position + start));
                result = new RangeResult(range, new ColumnBlock((int) Math.min(Integer.MAX_VALUE - 16, expectedRows)));
            }
            start = lines(start);
            if (start < 0 || (eof && start >= filled)) {
                return;
            }
            keepPartialLine(start);
        }
    }

    private void fill(FileChannel channel) throws IOException {
        if (eof) {
            return;
        }
        int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), position + filled);
        if (read < 0) {
            eof = true;
        } else {
            filled += read;
        }
    }

    /**
     * Scans the whole lines buffered from {@code start}: where the first partial line starts, or -1
     * when the range is done (the next line starts past its end).
     */
    private int lines(int start) {
        while (start < filled) {
            long offset = position + start;
            if (offset >= range.end()) {
                return -1;
            }
            if (result.mayReadLight(offset)) {
                int newline = result.lightLine(scanner, buffer, start, filled, offset);
                if (newline >= 0) {
                    start = newline + 1;
                    continue;
                }
            }
            int newline = ByteSearch.newline(buffer, start, filled);
            if (newline < 0) {
                if (!eof) {
                    return start; // refill
                }
                result.line(scanner, buffer, start, filled, offset, true);
                return filled;
            }
            result.line(scanner, buffer, start, newline, offset, false);
            start = newline + 1;
        }
        return start;
    }

    /** Moves the partial line to the front (growing the buffer for a line longer than it). */
    private void keepPartialLine(int start) {
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

    /** Rows to expect in {@code bytes} from the lines in the buffer, with 10% slack, so blocks rarely grow. */
    private long estimateRows(int start, long bytes) {
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
