package io.bloatscope.agent.write;

import io.bloatscope.format.text.JsonString;

/**
 * Builds one JSON object as a single line, reusing its buffer from line to line so a steady
 * sampling loop allocates (almost) nothing for output.
 *
 * <p>Not a general JSON library: it writes objects, arrays, strings, integers, doubles and
 * booleans, which is all a snapshot holds. Commas are placed automatically; callers only open,
 * fill and close. Strings are escaped fully by {@link JsonString} (the escaper the report's JSON
 * uses too), since class, thread and mapping names come from the target and may contain anything.
 */
public final class JsonLine {
    private final StringBuilder text = new StringBuilder(8192);
    /** Whether the innermost open container already holds a member (so the next needs a comma). */
    private boolean[] hasMember = new boolean[16];
    private int depth;

    /** Starts a new top-level object, discarding whatever was built before. */
    public JsonLine begin() {
        text.setLength(0);
        depth = 0;
        hasMember[0] = false;
        text.append('{');
        return this;
    }

    /** Closes the top-level object and returns the line, without a line terminator. */
    public CharSequence end() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed containers: " + depth);
        }
        text.append('}');
        return text;
    }

    public JsonLine field(String key, long value) {
        key(key).append(value);
        return this;
    }

    /** Writes a double; NaN and infinities, which JSON cannot hold, become null. */
    public JsonLine field(String key, double value) {
        appendDouble(key(key), value);
        return this;
    }

    public JsonLine field(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** Writes a string, or null when {@code value} is null. */
    public JsonLine field(String key, CharSequence value) {
        StringBuilder out = key(key);
        if (value == null) {
            out.append("null");
        } else {
            JsonString.append(out, value);
        }
        return this;
    }

    /**
     * Writes a value that is already well-formed JSON, as it is: a whole snapshot line embedded
     * in a capture line. The caller vouches for it.
     */
    public JsonLine rawField(String key, CharSequence json) {
        key(key).append(json);
        return this;
    }

    public JsonLine beginObject(String key) {
        key(key).append('{');
        push();
        return this;
    }

    public JsonLine endObject() {
        pop();
        text.append('}');
        return this;
    }

    public JsonLine beginArray(String key) {
        key(key).append('[');
        push();
        return this;
    }

    public JsonLine endArray() {
        pop();
        text.append(']');
        return this;
    }

    /** Opens an object as the next element of the enclosing array. */
    public JsonLine beginElementObject() {
        separate().append('{');
        push();
        return this;
    }

    /** Opens an array as the next element of the enclosing array. */
    public JsonLine beginElementArray() {
        separate().append('[');
        push();
        return this;
    }

    public JsonLine element(long value) {
        separate().append(value);
        return this;
    }

    public JsonLine element(double value) {
        appendDouble(separate(), value);
        return this;
    }

    public JsonLine element(CharSequence value) {
        StringBuilder out = separate();
        if (value == null) {
            out.append("null");
        } else {
            JsonString.append(out, value);
        }
        return this;
    }

    /**
     * Remembers the current position so a section whose source failed halfway can be taken back
     * with {@link #rewind(long)}, leaving the line well-formed.
     */
    public long mark() {
        return ((long) depth << 33) | (hasMember[depth] ? 1L << 32 : 0L) | text.length();
    }

    public void rewind(long mark) {
        depth = (int) (mark >>> 33);
        hasMember[depth] = (mark & (1L << 32)) != 0;
        text.setLength((int) mark);
    }

    /** How many objects and arrays are open, the top-level object not counted. */
    public int depth() {
        return depth;
    }

    /** Length of the line so far, in chars; lets a writer decide to rotate before appending. */
    public int length() {
        return text.length();
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private StringBuilder key(String key) {
        JsonString.append(separate(), key);
        return text.append(':');
    }

    private StringBuilder separate() {
        if (hasMember[depth]) {
            text.append(',');
        }
        hasMember[depth] = true;
        return text;
    }

    private void push() {
        depth++;
        if (depth == hasMember.length) {
            hasMember = java.util.Arrays.copyOf(hasMember, depth * 2);
        }
        hasMember[depth] = false;
    }

    private void pop() {
        if (depth == 0) {
            throw new IllegalStateException("nothing open to close");
        }
        depth--;
    }

    private static void appendDouble(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else {
            out.append(value);
        }
    }
}
