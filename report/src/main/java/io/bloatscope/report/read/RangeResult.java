package io.bloatscope.report.read;

import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reader task took from its {@link ByteRange}, line by line: the snapshot rows, the lines
 * parsed whole (headers, captures) by type, what had to be skipped and why, and where the latest
 * lines the report wants whole are ({@link RunTail}). Tolerance rules are those of
 * {@link SnapshotRun}: a truncated last line is normal, a malformed line elsewhere or an unknown
 * line type is skipped and listed.
 */
final class RangeResult {
    final ByteRange range;
    final ColumnBlock block;
    /** Lines of types parsed whole, by type name, in file order. */
    final Map<String, List<Map<String, Object>>> parsed = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
    boolean truncatedTail;
    /** The next line at or past this offset is read in full (the range's first line always is). */
    private long nextFullOffset;
    /** Offsets of the range's last snapshot line, and of its last one holding each marker; -1: none. */
    long lastSnapshot = -1;
    long lastSites = -1;
    long lastCompilerMemory = -1;

    RangeResult(ByteRange range, ColumnBlock block) {
        this.range = range;
        this.block = block;
    }

    /** Whether the line at {@code offset} may be read light (a long run, and not due for a full read). */
    boolean mayReadLight(long offset) {
        return range.strideBytes() > 0 && offset < nextFullOffset;
    }

    /**
     * A line to be read light, its end found in the same pass as its tail is checked: its '\n' when
     * it was (the row is committed), or -1, leaving nothing behind, and the caller goes the usual way
     * (line end first, then {@link #line}).
     */
    int lightLine(SnapshotLineScanner scanner, byte[] buffer, int start, int filled, long offset) {
        block.begin();
        int newline = scanner.scanLightToNewline(buffer, start, filled, block);
        if (newline < 0 || offset + (newline - start) + 1 >= range.partSize()
                || block.timeMillis[block.rows] == Long.MIN_VALUE) {
            return -1; // the last line of a part is read in full; a row without time is a problem to list
        }
        block.complete[block.rows] = false;
        block.offsets[block.rows] = offset;
        block.commit();
        noteSnapshot(scanner, offset);
        return newline;
    }

    /** The line {@code buffer[start, end)} (no '\n') at {@code offset}, read light or in full as due. */
    void line(SnapshotLineScanner scanner, byte[] buffer, int start, int end, long offset, boolean lastWithoutNewline) {
        int trimmedEnd = end;
        if (trimmedEnd > start && buffer[trimmedEnd - 1] == '\r') {
            trimmedEnd--;
        }
        if (isBlank(buffer, start, trimmedEnd)) {
            return;
        }
        boolean lastOfPart = lastWithoutNewline || offset + (end - start) + 1 >= range.partSize();
        // a part's last line is read in full: the light scan cannot tell a truncated line from a whole one
        boolean full = range.strideBytes() <= 0 || offset >= nextFullOffset || lastOfPart;
        block.begin();
        int type = scanner.scan(buffer, start, trimmedEnd, block, !full);
        if (type == SnapshotLineScanner.NEEDS_FULL) {
            full = true;
            block.begin(); // discard the light values and start the row again
            type = scanner.scan(buffer, start, trimmedEnd, block, false);
        }
        block.complete[block.rows] = full;
        block.offsets[block.rows] = offset;
        long stride = range.strideBytes();
        if (full && stride > 0 && type == SnapshotLineScanner.SNAPSHOT && offset >= nextFullOffset) {
            nextFullOffset = (offset / stride + 1) * stride;
        }
        keep(scanner, type, buffer, start, trimmedEnd, offset, lastOfPart);
    }

    /** Keeps what the scanned line gave (a row, or the line parsed whole), or lists why not. */
    private void keep(SnapshotLineScanner scanner, int type, byte[] buffer, int start, int end, long offset,
            boolean lastOfPart) {
        LineType lineType = scanner.lineType();
        if (type == SnapshotLineScanner.MALFORMED) {
            unreadable(offset, lastOfPart, "unreadable line, skipped");
        } else if (lineType == null) {
            problems.add(where(offset) + ": line of unknown type, skipped");
        } else if (lineType.fields == null) {
            try {
                parsed.computeIfAbsent(lineType.name, n -> new ArrayList<>())
                        .add(Json.parseObject(new String(buffer, start, end - start, StandardCharsets.UTF_8)));
            } catch (JsonException malformed) {
                unreadable(offset, lastOfPart, "unreadable " + lineType.name + ", skipped (" + malformed.getMessage() + ")");
            }
        } else {
            if (lineType == LineType.SNAPSHOT) {
                noteSnapshot(scanner, offset);
            }
            if (block.timeMillis[block.rows] == Long.MIN_VALUE) {
                problems.add(where(offset) + ": " + lineType.name + " without timeMillis, skipped");
            } else {
                block.commit();
            }
        }
    }

    /** A part's last line cut off is normal (the merge decides whether it is worth a problem line). */
    private void unreadable(long offset, boolean lastOfPart, String problem) {
        if (lastOfPart) {
            truncatedTail = true;
        } else {
            problems.add(where(offset) + ": " + problem);
        }
    }

    private void noteSnapshot(SnapshotLineScanner scanner, long offset) {
        lastSnapshot = offset;
        int marks = scanner.marks();
        if ((marks & SnapshotFieldTable.SITES) != 0) {
            lastSites = offset;
        }
        if ((marks & SnapshotFieldTable.COMPILER_MEMORY) != 0) {
            lastCompilerMemory = offset;
        }
    }

    private String where(long offset) {
        return range.part().getFileName() + " at byte " + offset;
    }

    private static boolean isBlank(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
