package io.bloatscope.report.read;

import java.util.function.IntPredicate;

/**
 * The rest of a line read light, once everything a light scan reads was read: not parsed, only
 * checked eight bytes at a time that its brackets close the line, that no member a light scan must
 * not pass over holds an object (a {@link Field#wantsFull} section such as smaps or trim), and which
 * markers it holds (see {@link SnapshotFieldTable}). Anything unexpected (a bracket in a string, say)
 * asks for a full scan, which decides. This is where a long run's read spends about half its scan.
 */
final class LightTail {
    private final JsonCursor in;
    private final int[] balance = new int[1];
    private final IntPredicate curlies = this::allowed;
    private Field[] watched;
    /** Marker bits met by the last check. */
    int marks;
    /** The line's '\n' found by {@link #closesLineAtNewline}. */
    int newline;

    LightTail(JsonCursor in) {
        this.in = in;
    }

    /**
     * Whether {@code b[p, end)} closes the line, the line's end being known; on success the cursor is
     * left at the end. {@code table} is the object the tail's members belong to.
     */
    boolean closesLine(Field table) {
        start(table);
        byte[] b = in.b;
        int last = in.end - 1;
        while (last > in.p && (b[last] == ' ' || b[last] == '\t' || b[last] == '\r')) {
            last--;
        }
        if (b[last] != '}' || ByteSearch.bracketBalance(b, in.p, in.end, curlies) != -1) {
            return false;
        }
        in.p = in.end;
        return true;
    }

    /**
     * {@link #closesLine} when the line's end is not known yet ({@code end} is the buffer's): finds
     * the first '\n' while checking the brackets. Succeeds (sets {@link #newline}) only when the part
     * already parsed, from {@code lineStart}, holds no '\n' and the tail closes the line exactly before
     * that '\n'; anything else is left to the caller's usual path, which finds the line end first.
     */
    boolean closesLineAtNewline(Field table, int lineStart) {
        start(table);
        byte[] b = in.b;
        int nl = ByteSearch.bracketBalanceToNewline(b, in.p, in.end, curlies, balance);
        if (nl < 0 || balance[0] != -1 || ByteSearch.newline(b, lineStart, in.p) >= 0) {
            return false;
        }
        int last = nl - 1;
        while (last > in.p && (b[last] == ' ' || b[last] == '\t' || b[last] == '\r')) {
            last--;
        }
        if (last <= in.p || b[last] != '}') {
            return false;
        }
        newline = nl;
        in.p = in.end;
        return true;
    }

    private void start(Field table) {
        watched = table.watched;
        marks = 0;
    }

    /** False when the '{' at {@code at} opens the value of a member a light scan must not pass over. */
    private boolean allowed(int at) {
        byte[] b = in.b;
        int q = at - 1;
        while (q > 0 && (b[q] == ' ' || b[q] == '\t')) {
            q--;
        }
        if (b[q] != ':') {
            return true;
        }
        q--;
        while (q > 0 && (b[q] == ' ' || b[q] == '\t')) {
            q--;
        }
        if (b[q] != '"') {
            return true;
        }
        for (Field field : watched) {
            if (endsKey(q, field.key)) {
                if (field.wantsFull) {
                    return false;
                }
                marks |= field.mark;
                return true;
            }
        }
        return true;
    }

    /** Whether {@code "key"} ends with its closing quote at {@code quote}. */
    private boolean endsKey(int quote, byte[] key) {
        int start = quote - key.length;
        return start >= 1 && in.b[start - 1] == '"' && in.is(start, key.length, key);
    }
}
