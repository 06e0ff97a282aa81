package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * The tokenizer under {@link SnapshotLineScanner}: a position in one JSON line's bytes and the steps
 * a walker takes through it (keys, colons, separators, numbers, skipped values), without building
 * anything. Anything that is not well-formed throws {@link #BAD}, which costs no stack trace:
 * malformed lines are expected input (a process killed mid-write), not bugs.
 */
final class JsonCursor {
    /** Thrown without a stack trace; an index past the array means the same (a line cut off). */
    static final RuntimeException BAD = new RuntimeException("malformed", null, false, false) {
    };

    /** Bytes skipNested must look at: quotes and brackets; everything else is passed over in a tight loop. */
    private static final boolean[] STRUCTURAL = new boolean[256];

    static {
        for (char c : new char[] {'"', '{', '}', '[', ']'}) {
            STRUCTURAL[c] = true;
        }
    }

    byte[] b;
    int p;
    int end;

    void reset(byte[] bytes, int start, int end) {
        this.b = bytes;
        this.p = start;
        this.end = end;
    }

    /** True and positioned at the first key when an object with members starts; skips anything else. */
    boolean openObject() {
        if (b[p] != '{') {
            skipValue();
            return false;
        }
        p++;
        ws();
        if (b[p] == '}') {
            p++;
            return false;
        }
        return true;
    }

    /** Like {@link #openObject} for an array, positioned at its first element. */
    boolean openArray() {
        if (b[p] != '[') {
            skipValue();
            return false;
        }
        p++;
        ws();
        if (b[p] == ']') {
            p++;
            return false;
        }
        return true;
    }

    /**
     * Reads {@code "key":} and leaves the cursor on the value: returns the key's first byte's index,
     * its length being {@link #keyLength}. (One method, not two: it runs at the bottom of the
     * scanner's deepest calls, and the word-at-a-time search under it inlines only so deep.)
     */
    int memberKey() {
        ws();
        if (b[p] != '"') {
            throw BAD;
        }
        int start = ++p;
        while (true) {
            p = ByteSearch.quoteOrBackslash(b, p, end);
            if (p >= end) {
                throw BAD;
            }
            if (b[p] == '"') {
                break;
            }
            p += 2; // an escape and the byte it escapes
        }
        keyLength = p - start;
        p++; // closing quote
        colon();
        return start;
    }

    /** Length of the key {@link #memberKey} read last. */
    int keyLength;

    private void colon() {
        ws();
        if (b[p++] != ':') {
            throw BAD;
        }
        ws();
    }

    /** After a member's value: true at a ',' (another member follows), false at the closing '}'. */
    boolean nextMember() {
        ws();
        byte c = b[p++];
        if (c == ',') {
            return true;
        }
        if (c == '}') {
            return false;
        }
        throw BAD;
    }

    /** After an element: true at a ',' (positioned at the next element), false at the closing ']'. */
    boolean nextElement() {
        ws();
        byte c = b[p++];
        if (c == ',') {
            ws();
            return true;
        }
        if (c == ']') {
            return false;
        }
        throw BAD;
    }

    /** A whole number (fractions truncated), or ABSENT for null/strings/objects, which are skipped. */
    long numberOrAbsent() {
        byte c = b[p];
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return RunColumns.ABSENT;
        }
        int start = p;
        boolean negative = c == '-';
        if (negative) {
            p++;
        }
        long value = 0;
        int digits = 0;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
            p++;
            digits++;
        }
        if (digits == 0) {
            throw BAD;
        }
        if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E') || digits > 18) {
            while (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E' || b[p] == '+' || b[p] == '-'
                    || (b[p] >= '0' && b[p] <= '9'))) {
                p++;
            }
            try {
                return (long) Double.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                throw BAD;
            }
        }
        return negative ? -value : value;
    }

    /** {@link #skipValue}, returning where the value ended. */
    int skipValueEnd() {
        skipValue();
        return p;
    }

    void skipValue() {
        byte c = b[p];
        if (c == '"') {
            p++;
            skipStringBody();
        } else if (c == '{' || c == '[') {
            skipNested();
        } else {
            int start = p;
            while (p < end) {
                c = b[p];
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                }
                p++;
            }
            if (p == start) {
                throw BAD;
            }
        }
    }

    /** From just after an opening quote to just after the closing one. */
    private void skipStringBody() {
        while (true) {
            p = ByteSearch.quoteOrBackslash(b, p, end);
            if (p >= end) {
                throw BAD;
            }
            if (b[p++] == '"') {
                return;
            }
            p++; // the escaped byte
        }
    }

    /** Bracket matching without recursion, so no nesting depth can overflow the stack. */
    private void skipNested() {
        final byte[] b = this.b;
        final int end = this.end;
        int depth = 0;
        int q = p;
        while (q < end) {
            byte c = b[q++];
            if (!STRUCTURAL[c & 0xFF]) {
                continue;
            }
            if (c == '"') {
                // strings inside skipped sections are short names: a byte loop beats the word search
                while (true) {
                    if (q >= end) {
                        throw BAD;
                    }
                    byte s = b[q++];
                    if (s == '"') {
                        break;
                    }
                    if (s == '\\') {
                        q++;
                    }
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (--depth == 0) {
                p = q;
                return;
            }
        }
        throw BAD;
    }

    void ws() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            p++;
        }
        throw BAD; // a line never ends where a value or bracket is still due
    }

    /** Skips spaces, tabs and line ends up to {@code end} without requiring anything after them. */
    void trailingWs() {
        while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
            p++;
        }
    }

    void expect(char c) {
        if (b[p++] != c) {
            throw BAD;
        }
    }

    boolean peekIs(char c) {
        ws();
        return b[p] == c;
    }

    /** Whether {@code b[start, start + length)} are exactly {@code expected}. */
    boolean is(int start, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code needle} occurs in {@code b[start, endExclusive)}. */
    boolean contains(int start, int endExclusive, byte[] needle) {
        outer:
        for (int i = start; i + needle.length <= endExclusive; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
