package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a line's field table ({@link SnapshotFields}): a member name and what its value
 * becomes. The scanner walks a line against these entries; a member without an entry is skipped, so
 * fields added by newer agents cost nothing but the skip. Built once, never changed afterwards.
 */
final class Field {
    enum Kind {
        /** The line's time: the row's {@code timeMillis}. */
        TIME,
        /** A number stored in {@link #column}. */
        NUMBER,
        /** An object whose members are looked up in {@link #members}. */
        OBJECT,
        /** An array of objects, each read into {@link #slots} and handed to {@link #rule}. */
        RECORDS,
        /** One object read into {@link #slots} and handed to {@link #rule}. */
        RECORD,
        /** malloc_info's free-chunk histogram, summed as whole free pages into {@link #column}. */
        WHOLE_PAGES,
        /** Not read: only noted in the scan's marks (bit {@link #mark}) when its value is an object. */
        MARKER
    }

    final String name;
    final byte[] key;
    final Kind kind;
    final Column column;
    final Field[] members;
    final RecordRule rule;
    final RecordSlot[] slots;
    final int mark;
    /** Read by a light scan too (see {@link LightTail}). */
    boolean light;
    /** This member's bit among its object's light members; the object's are {@link #allLight}. */
    int lightBit;
    int allLight;
    /** Of an object's members, those a light scan's tail check must notice (wantsFull or a marker). */
    Field[] watched;
    /** A light scan that meets it gives up: the line is read in full (rare sections wanted whole). */
    boolean wantsFull;

    private Field(String name, Kind kind, Column column, Field[] members, RecordRule rule, RecordSlot[] slots,
            int mark) {
        this.name = name;
        this.key = name.getBytes(StandardCharsets.UTF_8);
        this.kind = kind;
        this.column = column;
        this.members = members;
        this.rule = rule;
        this.slots = slots;
        this.mark = mark;
        if (members != null) {
            java.util.List<Field> watch = new java.util.ArrayList<>();
            for (int i = 0, bit = 1; i < members.length; i++) {
                if (members[i].light) {
                    members[i].lightBit = bit;
                    allLight |= bit;
                    bit <<= 1;
                }
                if (members[i].wantsFull || members[i].kind == Kind.MARKER) {
                    watch.add(members[i]);
                }
            }
            watched = watch.toArray(new Field[0]);
        }
    }

    static Field time(String name) {
        return new Field(name, Kind.TIME, null, null, null, null, 0);
    }

    static Field number(String name, Column column) {
        return new Field(name, Kind.NUMBER, column, null, null, null, 0);
    }

    static Field object(String name, Field... members) {
        return new Field(name, Kind.OBJECT, null, members, null, null, 0);
    }

    static Field records(String name, RecordRule rule, RecordSlot... slots) {
        return new Field(name, Kind.RECORDS, null, null, rule, slots, 0);
    }

    static Field record(String name, RecordRule rule, RecordSlot... slots) {
        return new Field(name, Kind.RECORD, null, null, rule, slots, 0);
    }

    static Field wholePages(String name, Column column) {
        return new Field(name, Kind.WHOLE_PAGES, column, null, null, null, 0);
    }

    static Field marker(String name, int mark) {
        return new Field(name, Kind.MARKER, null, null, null, null, mark);
    }

    Field light() {
        light = true;
        return this;
    }

    Field wantsFull() {
        wantsFull = true;
        return this;
    }

    /** The member of this object entry named by {@code b[start, start + length)}, or null. */
    Field member(JsonCursor in, int start, int length) {
        for (Field member : members) {
            if (in.is(start, length, member.key)) {
                return member;
            }
        }
        return null;
    }
}
