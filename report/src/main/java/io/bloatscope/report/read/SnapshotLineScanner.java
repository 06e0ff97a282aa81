package io.bloatscope.report.read;

import io.bloatscope.format.SnapshotFields;
import java.nio.charset.StandardCharsets;

/**
 * Extracts the {@link Column}s from one JSON line straight from its bytes, without building a tree:
 * the line is walked against its type's field table ({@link LineType}, {@link SnapshotFieldTable}) with
 * a {@link JsonCursor}, and everything without an entry (histograms, per-arena lists, fields added by
 * newer agents) is skipped by bracket matching. Field order does not matter; unknown fields and
 * types are fine. A line that is not well-formed JSON (e.g. truncated) is reported as
 * {@link #MALFORMED} and contributes nothing. Not thread-safe: one scanner per reader task.
 */
final class SnapshotLineScanner {
    static final int SNAPSHOT = 0;
    static final int HEADER = 1;
    static final int OTHER = 2;
    static final int MALFORMED = 3;
    /** A light scan met a section only a full scan reads (smaps, trim): scan the line again in full. */
    static final int NEEDS_FULL = 4;
    /** A capture near the memory limit: few, parsed in full by the caller like headers. */
    static final int CAPTURE = 5;

    private static final byte[] TYPE = SnapshotFields.TYPE.getBytes(StandardCharsets.UTF_8);
    /** The table of a line whose type is unknown or missing: every member skipped (but checked). */
    private static final Field NO_FIELDS = Field.object("");

    private final JsonCursor in = new JsonCursor();
    private final LightTail tail = new LightTail(in);
    private final RecordValues record = new RecordValues(in, new NmtCategoryNames());
    private final long[] bucket = new long[4];
    private ColumnBlock out;
    private int type;
    private LineType lineType;
    private boolean light;
    private boolean needsFull;
    private boolean fused;
    private int lineStart;
    private int marks;
    /** Set when a light scan has read its members: the object whose tail {@link LightTail} checks. */
    private Field tailTable;

    /** Scans {@code bytes[start, end)} into the block's current row (begun by the caller). */
    int scan(byte[] bytes, int start, int end, ColumnBlock block) {
        return scan(bytes, start, end, block, false);
    }

    /**
     * A light scan reads only the table's {@code light} entries (what the analysis needs from every
     * snapshot: time, process, heap, GC counts) and checks the rest with {@link LightTail}, so the
     * line is still checked for well-formedness. A line carrying a section a light scan must not pass
     * over gives {@link #NEEDS_FULL}: those are rare and wanted whole.
     */
    int scan(byte[] bytes, int start, int end, ColumnBlock block, boolean light) {
        this.light = light;
        this.needsFull = false;
        this.marks = 0;
        this.out = block;
        this.type = OTHER;
        this.lineType = null;
        this.tailTable = null;
        in.reset(bytes, start, end);
        try {
            in.ws();
            line();
            if (tailTable != null) {
                // here rather than where the light members end: the word-at-a-time search inlines
                // only so deep, and the tail is where a long run's read spends half its time
                lightTail(tailTable);
            }
            if (lineType != null && lineType.fields == null) {
                return type;
            }
            if (needsFull) {
                return NEEDS_FULL;
            }
            if (light && in.p == end) {
                return type;
            }
            in.trailingWs();
            return in.p == end ? type : MALFORMED;
        } catch (RuntimeException malformed) {
            // JsonCursor.BAD, or an index past the array for a line cut off at the buffer's end
            return MALFORMED;
        }
    }

    /**
     * A light scan of the line starting at {@code start}, whose end is found in the same pass
     * ({@code limit} is the end of the buffered bytes): the index of the line's '\n' when it is a
     * whole snapshot read light into the block's current row (begun by the caller), else -1, and the
     * caller finds the line end and scans it as usual (after beginning the row again).
     */
    int scanLightToNewline(byte[] bytes, int start, int limit, ColumnBlock block) {
        fused = true;
        lineStart = start;
        tail.newline = -1;
        try {
            int t = scan(bytes, start, limit, block, true);
            return t == SNAPSHOT ? tail.newline : -1;
        } finally {
            fused = false;
        }
    }

    /** The type of the line scanned last; null when it had none or one this reader does not know. */
    LineType lineType() {
        return lineType;
    }

    /** The {@link SnapshotFieldTable} markers the line scanned last holds. */
    int marks() {
        return marks;
    }

    private void line() {
        in.expect('{');
        if (in.peekIs('}')) {
            in.p++;
            return;
        }
        int first = in.p;
        boolean typeFirst = isTypeKey(in.memberKey());
        if (typeFirst) {
            lineType = typeValue();
        } else {
            in.p = first;
            lineType = fused ? null : typeOf();
            in.p = first;
        }
        if (lineType != null) {
            type = lineType.code;
            if (lineType.fields == null) {
                return; // the caller parses such lines in full; finishing here is fine
            }
        } else if (fused) {
            needsFull = true; // no known type first: not a verdict, the caller finds the line end and decides
            return;
        }
        if (typeFirst && !in.nextMember()) {
            return;
        }
        members(lineType == null ? NO_FIELDS : lineType.fields);
    }

    /**
     * The line's type from its {@code "type"} member, looked for from the cursor on and the cursor
     * left anywhere: the agent writes it first, but a line is read whatever its members' order.
     */
    private LineType typeOf() {
        while (true) {
            if (isTypeKey(in.memberKey())) {
                return typeValue();
            }
            in.skipValue();
            if (!in.nextMember()) {
                return null;
            }
        }
    }

    private boolean isTypeKey(int keyStart) {
        return in.is(keyStart, in.keyLength, TYPE);
    }

    /** The type named by the value under the cursor, which is passed over; null for an unknown one. */
    private LineType typeValue() {
        int vs = in.p;
        in.skipValue();
        return LineType.of(in, vs, in.p - vs);
    }

    /** The line's own members, in a light scan only its table's light ones before the tail check. */
    private void members(Field table) {
        int seen = 0;
        while (true) {
            int ks = in.memberKey();
            Field field = table.member(in, ks, in.keyLength);
            if (field == null) {
                in.skipValue();
            } else if (!light || field.light) {
                seen |= field.lightBit;
                read(field);
            } else if (field.wantsFull) {
                needsFull = true;
                return;
            } else if (field.kind == Field.MARKER) {
                read(field);
            } else {
                in.skipValue();
            }
            if (light && seen == table.allLight && seen != 0) {
                tailTable = table;
                return;
            }
            if (!in.nextMember()) {
                return;
            }
        }
    }

    private void lightTail(Field table) {
        boolean closed = fused ? tail.closesLineAtNewline(table, lineStart) : tail.closesLine(table);
        if (closed) {
            marks |= tail.marks;
        } else {
            needsFull = true;
        }
    }

    private void read(Field field) {
        switch (field.kind) {
            case Field.TIME: {
                long v = in.numberOrAbsent();
                if (v != RunColumns.ABSENT) {
                    out.time(v);
                }
                break;
            }
            case Field.NUMBER: {
                long v = in.numberOrAbsent();
                if (v != RunColumns.ABSENT) {
                    out.set(field.column, v);
                }
                break;
            }
            case Field.OBJECT:
                object(field);
                break;
            case Field.RECORDS:
                records(field);
                break;
            case Field.RECORD:
                record(field);
                break;
            case Field.WHOLE_PAGES:
                wholePages(field.column);
                break;
            case Field.MARKER:
                if (in.b[in.p] == '{') {
                    marks |= field.mark;
                }
                in.skipValue();
                break;
            default:
                throw new IllegalStateException("kind " + field.kind);
        }
    }

    private void object(Field table) {
        if (!in.openObject()) {
            return;
        }
        do {
            int ks = in.memberKey();
            Field field = table.member(in, ks, in.keyLength);
            if (field == null) {
                in.skipValue();
            } else {
                read(field);
            }
        } while (in.nextMember());
    }

    private void records(Field field) {
        if (!in.openArray()) {
            return;
        }
        do {
            record(field);
        } while (in.nextElement());
    }

    /** One object's slots read and handed to the field's rule (all absent for anything but an object). */
    private void record(Field field) {
        RecordSlot[] slots = field.slots;
        RecordValues values = record;
        values.clear(slots.length);
        if (in.openObject()) {
            do {
                int slot = field.slot(in, in.memberKey(), in.keyLength);
                if (slot < 0) {
                    in.skipValue();
                } else if (slots[slot].text) {
                    values.text(slot, in.p, in.skipValueEnd());
                } else {
                    values.number(slot, in.numberOrAbsent());
                }
            } while (in.nextMember());
        }
        field.rule.apply(values, out);
    }

    /** malloc_info's free-chunk histogram: [from, to, count, total] buckets summed as whole free pages. */
    private void wholePages(Column column) {
        if (!in.openArray()) {
            return;
        }
        long wholePages = 0;
        do {
            if (in.openArray()) {
                long[] v = bucket;
                int n = 0;
                do {
                    long x = in.numberOrAbsent();
                    if (n < 4) {
                        v[n] = x;
                    }
                    n++;
                } while (in.nextElement());
                if (n >= 4 && v[0] != RunColumns.ABSENT && v[1] != RunColumns.ABSENT && v[2] != RunColumns.ABSENT
                        && v[3] != RunColumns.ABSENT) {
                    wholePages += FreeChunkPages.wholePageBytes(v[0], v[1], v[2], v[3]);
                }
            } else {
                in.skipValue();
            }
        } while (in.nextElement());
        out.set(column, wholePages);
    }
}
