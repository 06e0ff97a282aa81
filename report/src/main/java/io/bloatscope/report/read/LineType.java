package io.bloatscope.report.read;

import io.bloatscope.format.SnapshotFields;

/**
 * The kinds of line a snapshot file holds, by their {@code "type"} member: the table the reader
 * dispatches on. A type with a field table gives a row of the run's columns (its fields as the
 * table says, its time from {@code timeMillis}); one without is parsed whole by the reader (few
 * lines: headers, captures) and kept under its name ({@link RunColumns#lines}). Any other type is
 * skipped and listed as a problem: older readers must accept what newer agents write.
 *
 * <p>Adding a line type is adding a constant here (and to {@link #ALL}) with a new scan code; one
 * read into columns also needs its field table (like {@link SnapshotFieldTable}) and {@link Column}s for
 * fields no other type has.
 */
final class LineType {
    static final LineType SNAPSHOT = new LineType(SnapshotFields.SNAPSHOT, SnapshotLineScanner.SNAPSHOT, SnapshotFieldTable.LINE);
    static final LineType HEADER = new LineType(SnapshotFields.HEADER, SnapshotLineScanner.HEADER, null);
    /** A capture near the memory limit: its embedded snapshot must not land in the row. */
    static final LineType CAPTURE = new LineType(SnapshotFields.CAPTURE, SnapshotLineScanner.CAPTURE, null);
    private static final LineType[] ALL = {SNAPSHOT, HEADER, CAPTURE};

    final String name;
    /** The type's value as it stands in the line, quotes included. */
    final byte[] quoted;
    /** What {@link SnapshotLineScanner#scan} returns for it. */
    final int code;
    /** Its field table, or null when lines of this type are parsed whole. */
    final Field fields;

    private LineType(String name, int code, Field fields) {
        this.name = name;
        this.quoted = ('"' + name + '"').getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.code = code;
        this.fields = fields;
    }

    /** The type whose quoted value is {@code b[start, start + length)}, or null for any other. */
    static LineType of(JsonCursor in, int start, int length) {
        for (LineType type : ALL) {
            if (in.is(start, length, type.quoted)) {
                return type;
            }
        }
        return null;
    }
}
