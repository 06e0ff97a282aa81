package io.bloatscope.report.read;

import java.util.Arrays;

/**
 * Names (an object's members in a field table, a record's slots) found by the key under the
 * cursor: by the key's length first, then by its first eight bytes read as one word, so a key is
 * told apart from the names of its length in one comparison and confirmed byte by byte only beyond
 * them. Every member of every line read goes through this.
 */
final class NameIndex {
    private static final int LONGEST_INDEXED = 31;

    private final byte[][] names;
    /** Per name, its first eight bytes (fewer for a shorter name) as {@link ByteSearch#head} reads them. */
    private final long[] heads;
    /** Per length, the first name of that length (-1: none); longer names share the last slot. */
    private final int[] firstOfLength = new int[LONGEST_INDEXED + 2];
    /** Per name, the next one of the same length slot, or -1. */
    private final int[] nextOfLength;

    NameIndex(byte[][] names) {
        this.names = names;
        this.heads = new long[names.length];
        this.nextOfLength = new int[names.length];
        Arrays.fill(firstOfLength, -1);
        for (int i = names.length - 1; i >= 0; i--) {
            byte[] padded = Arrays.copyOf(names[i], Math.max(8, names[i].length));
            heads[i] = ByteSearch.head(padded, 0, names[i].length);
            int slot = Math.min(names[i].length, LONGEST_INDEXED + 1);
            nextOfLength[i] = firstOfLength[slot];
            firstOfLength[slot] = i;
        }
    }

    /** The index of the name {@code b[start, start + length)}, or -1. */
    int indexOf(JsonCursor in, int start, int length) {
        int i = firstOfLength[Math.min(length, LONGEST_INDEXED + 1)];
        if (i < 0) {
            return -1;
        }
        byte[] b = in.b;
        if (start + 8 > b.length) {
            while (i >= 0 && !in.is(start, length, names[i])) {
                i = nextOfLength[i];
            }
            return i;
        }
        long head = ByteSearch.head(b, start, length);
        for (; i >= 0; i = nextOfLength[i]) {
            if (heads[i] == head && names[i].length == length && (length <= 8 || rest(b, start, names[i]))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean rest(byte[] b, int start, byte[] name) {
        for (int k = 8; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }
}
