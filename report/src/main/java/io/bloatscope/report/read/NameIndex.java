package io.bloatscope.report.read;

import java.util.Arrays;

/**
 * Names (an object's members in a field table, a record's slots) found by the key under the
 * cursor: by the key's length first, so a key is compared with one or two names rather than all of
 * them. Every member of every line read goes through this.
 */
final class NameIndex {
    private static final int LONGEST_INDEXED = 31;

    private final byte[][] names;
    /** Per length, the first name of that length (-1: none); longer names share the last slot. */
    private final int[] firstOfLength = new int[LONGEST_INDEXED + 2];
    /** Per name, the next one of the same length slot, or -1. */
    private final int[] nextOfLength;

    NameIndex(byte[][] names) {
        this.names = names;
        this.nextOfLength = new int[names.length];
        Arrays.fill(firstOfLength, -1);
        for (int i = names.length - 1; i >= 0; i--) {
            int slot = Math.min(names[i].length, LONGEST_INDEXED + 1);
            nextOfLength[i] = firstOfLength[slot];
            firstOfLength[slot] = i;
        }
    }

    /** The index of the name {@code b[start, start + length)}, or -1. */
    int indexOf(JsonCursor in, int start, int length) {
        int i = firstOfLength[Math.min(length, LONGEST_INDEXED + 1)];
        while (i >= 0 && !in.is(start, length, names[i])) {
            i = nextOfLength[i];
        }
        return i;
    }
}
