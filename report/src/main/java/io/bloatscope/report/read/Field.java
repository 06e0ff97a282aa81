package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a line's field table ({@link SnapshotFields}): a member name and what its value
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
    /** This member's bit among its object's light members; the object's are {@link #allLight}. */
    int lightBit;
    int allLight;
    /** Of an object's members, those a light scan's tail check must notice (wantsFull or a marker). */
    Field[] watched;
    /**
     * An object's members by the length of their name (longer ones in the last slot): a key is
     * compared with one or two names, not all of them, which matters in the one loop every member
     * of every line goes through.
     */
    private Field[][] byLength;
    private static final int LONGEST_INDEXED = 31;
    /** A record's slots by name length likewise: the first slot of a length, and the next of the same. */
    private int[] slotByLength;
    private int[] nextSlotOfLength;
    /** A light scan that meets it gives up: the line is read in full (rare sections wanted whole). */
    boolean wantsFull;

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
        if (slots != null) {
            slotByLength = new int[LONGEST_INDEXED + 2];
            nextSlotOfLength = new int[slots.length];
            java.util.Arrays.fill(slotByLength, -1);
            for (int i = slots.length - 1; i >= 0; i--) {
                int length = Math.min(slots[i].key.length, LONGEST_INDEXED + 1);
                nextSlotOfLength[i] = slotByLength[length];
                slotByLength[length] = i;
            }
        }
        if (members != null) {
            java.util.List<Field> watch = new java.util.ArrayList<>();
            for (int i = 0, bit = 1; i < members.length; i++) {
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
            byLength = new Field[LONGEST_INDEXED + 2][0];
            for (Field member : members) {
                int slot = Math.min(member.key.length, LONGEST_INDEXED + 1);
                byLength[slot] = java.util.Arrays.copyOf(byLength[slot], byLength[slot].length + 1);
                byLength[slot][byLength[slot].length - 1] = member;
            }
        }
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
        int slot = slotByLength[Math.min(length, LONGEST_INDEXED + 1)];
        while (slot >= 0 && !in.is(start, length, slots[slot].key)) {
            slot = nextSlotOfLength[slot];
        }
        return slot;
    }

    /** The member of this object entry named by {@code b[start, start + length)}, or null. */
    Field member(JsonCursor in, int start, int length) {
        for (Field member : byLength[Math.min(length, LONGEST_INDEXED + 1)]) {
            if (in.is(start, length, member.key)) {
                return member;
            }
        }
        return null;
    }
}
