package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a line's field table ({@link SnapshotFieldTable}): a member name and what its value
 * becomes. The scanner walks a line against these entries; a member without an entry is skipped, so
 * fields added by newer agents cost nothing but the skip. Built once, never changed afterwards.
 */
final class Field {
    // What a value becomes: ints, not an enum, because the scanner switches on it for every member it
    // reads, and a switch over an enum goes through a synthetic lookup array.
    /** The line's time: the row's {@code timeMillis}. */
    static final int TIME = 0;
    /** A number stored in {@link #column}. */
    static final int NUMBER = 1;
    /** An object whose members are looked up in {@link #members}. */
    static final int OBJECT = 2;
    /** An array of objects, each read into {@link #slots} and handed to {@link #rule}. */
    static final int RECORDS = 3;
    /** One object read into {@link #slots} and handed to {@link #rule}. */
    static final int RECORD = 4;
    /** malloc_info's free-chunk histogram, summed as whole free pages into {@link #column}. */
    static final int WHOLE_PAGES = 5;
    /** Not read: only noted in the scan's marks (bit {@link #mark}) when its value is an object. */
    static final int MARKER = 6;

    final String name;
    final byte[] key;
    final int kind;
    final Column column;
    final Field[] members;
    final RecordRule rule;
    final RecordSlot[] slots;
    final int mark;
    /** Read by a light scan too (see {@link LightTail}). */
    boolean light;
    /** A light scan that meets it gives up: the line is read in full (rare sections wanted whole). */
    boolean wantsFull;
    /** This member's bit among its object's light members; the object's are {@link #allLight}. */
    int lightBit;
    int allLight;
    /** Of an object's members, those a light scan's tail check must notice (wantsFull or a marker). */
    Field[] watched;
    /** An object's members, or a record's slots, by name. */
    private final NameIndex index;

    private Field(String name, int kind, Column column, Field[] members, RecordRule rule, RecordSlot[] slots,
            int mark) {
        this.name = name;
        this.key = name.getBytes(StandardCharsets.UTF_8);
        this.kind = kind;
        this.column = column;
        this.members = members;
        this.rule = rule;
        this.slots = slots;
        this.mark = mark;
        byte[][] names = null;
        if (slots != null) {
            names = new byte[slots.length][];
            for (int i = 0; i < slots.length; i++) {
                names[i] = slots[i].key;
            }
        }
        if (members != null) {
            names = new byte[members.length][];
            java.util.List<Field> watch = new java.util.ArrayList<>();
            for (int i = 0, bit = 1; i < members.length; i++) {
                names[i] = members[i].key;
                if (members[i].light) {
                    members[i].lightBit = bit;
                    allLight |= bit;
                    bit <<= 1;
                }
                if (members[i].wantsFull || members[i].kind == MARKER) {
                    watch.add(members[i]);
                }
            }
            watched = watch.toArray(new Field[0]);
        }
        index = names == null ? null : new NameIndex(names);
    }

    static Field time(String name) {
        return new Field(name, TIME, null, null, null, null, 0);
    }

    static Field number(String name, Column column) {
        return new Field(name, NUMBER, column, null, null, null, 0);
    }

    static Field object(String name, Field... members) {
        return new Field(name, OBJECT, null, members, null, null, 0);
    }

    static Field records(String name, RecordRule rule, RecordSlot... slots) {
        return new Field(name, RECORDS, null, null, rule, slots, 0);
    }

    static Field record(String name, RecordRule rule, RecordSlot... slots) {
        return new Field(name, RECORD, null, null, rule, slots, 0);
    }

    static Field wholePages(String name, Column column) {
        return new Field(name, WHOLE_PAGES, column, null, null, null, 0);
    }

    static Field marker(String name, int mark) {
        return new Field(name, MARKER, null, null, null, null, mark);
    }

    Field light() {
        light = true;
        return this;
    }

    Field wantsFull() {
        wantsFull = true;
        return this;
    }

    /** The slot of this record entry named by {@code b[start, start + length)}, or -1. */
    int slot(JsonCursor in, int start, int length) {
        return index.indexOf(in, start, length);
    }

    /** The member of this object entry named by {@code b[start, start + length)}, or null. */
    Field member(JsonCursor in, int start, int length) {
        int i = index.indexOf(in, start, length);
        return i < 0 ? null : members[i];
    }
}
