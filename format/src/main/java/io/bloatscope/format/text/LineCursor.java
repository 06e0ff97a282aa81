package io.bloatscope.format.text;

/**
 * Walks text line by line and reads words and numbers out of the current line without creating
 * strings or compiling regular expressions, because samplers parse {@code /proc} files and
 * diagnostic command output on every tick and some of that text (smaps) runs to thousands of lines.
 *
 * <p>Usage: {@code reset(text)}, then {@code while (nextLine()) { ... }}. Within a line a position
 * moves forward as things are read; nothing ever reads past the end of the current line, so a
 * truncated or garbled line yields {@link #NONE} instead of numbers from the next line.
 *
 * <p>One instance is reused by one thread; it is not thread-safe.
 */
public final class LineCursor {
    /** Returned by the number readers when there is no number at the position. */
    public static final long NONE = Long.MIN_VALUE;

    private CharSequence text = "";
    private int next;
    private int lineStart;
    private int lineEnd;
    private int pos;

    /** Starts over on {@code text}, before its first line. */
    public LineCursor reset(CharSequence text) {
        this.text = text;
        next = 0;
        lineStart = 0;
        lineEnd = 0;
        pos = 0;
        return this;
    }

    /** Moves to the next line; false at the end of the text. A last line without '\n' counts. */
    public boolean nextLine() {
        int length = text.length();
        if (next >= length) {
            return false;
        }
        lineStart = next;
        int i = lineStart;
        while (i < length && text.charAt(i) != '\n') {
            i++;
        }
        lineEnd = i;
        next = i + 1;
        pos = lineStart;
        return true;
    }

    public int position() {
        return pos;
    }

    /** Moves within the current line (clamped to it); lets a parser re-read from a saved point. */
    public void position(int position) {
        pos = Math.max(lineStart, Math.min(position, lineEnd));
    }

    public int lineStart() {
        return lineStart;
    }

    public int lineEnd() {
        return lineEnd;
    }

    public boolean atLineEnd() {
        return pos >= lineEnd;
    }

    /** The char at the position, or 0 at the end of the line. */
    public char peek() {
        return pos < lineEnd ? text.charAt(pos) : 0;
    }

    public LineCursor skipSpaces() {
        while (pos < lineEnd && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        return this;
    }

    /** Whether the line, from its start, begins with {@code prefix}. Does not move. */
    public boolean lineStartsWith(String prefix) {
        return matches(lineStart, prefix);
    }

    /** Whether {@code word} follows at the position. Does not move. */
    public boolean at(String word) {
        return matches(pos, word);
    }

    /** Steps over {@code word} if it follows at the position. */
    public boolean skip(String word) {
        if (matches(pos, word)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /** Finds {@code word} in the rest of the line and moves just past it; stays put if absent. */
    public boolean find(String word) {
        int last = lineEnd - word.length();
        for (int i = pos; i <= last; i++) {
            if (matches(i, word)) {
                pos = i + word.length();
                return true;
            }
        }
        return false;
    }

    /** Moves to the next occurrence of {@code c} in the line (not past it); false if absent. */
    public boolean seek(char c) {
        for (int i = pos; i < lineEnd; i++) {
            if (text.charAt(i) == c) {
                pos = i;
                return true;
            }
        }
        return false;
    }

    /** Reads a decimal integer, after optional spaces and sign; {@link #NONE} if none is there. */
    public long readLong() {
        int start = pos;
        skipSpaces();
        boolean negative = false;
        if (pos < lineEnd && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            negative = text.charAt(pos) == '-';
            pos++;
        }
        int digitsStart = pos;
        long value = 0;
        while (pos < lineEnd) {
            int digit = text.charAt(pos) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos == digitsStart) {
            pos = start;
            return NONE;
        }
        return negative ? -value : value;
    }

    /** Reads a lowercase or uppercase hexadecimal number without prefix; {@link #NONE} if none. */
    public long readHex() {
        int start = pos;
        long value = 0;
        while (pos < lineEnd) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                break;
            }
            value = (value << 4) | digit;
            pos++;
        }
        return pos == start ? NONE : value;
    }

    /**
     * Reads a size such as {@code 123}, {@code 123KB}, {@code 186M}, {@code -27572K} or
     * {@code 189632 kB} and returns it in bytes. Units are binary (K = 1024), as both the kernel and
     * HotSpot mean them. A unit is taken only when it is one of k, K, kB, KB, m, M, MB, g, G, GB,
     * b, B standing alone (followed by a non-letter), so {@code 5 tag=...} or {@code 5 bytes} are
     * not misread; one space may separate number and unit, as in /proc.
     */
    public long readBytes() {
        long value = readLong();
        if (value == NONE) {
            return NONE;
        }
        int afterNumber = pos;
        if (pos < lineEnd && text.charAt(pos) == ' ') {
            pos++;
        }
        long multiplier = unitMultiplier();
        if (multiplier == 0) {
            pos = afterNumber;
            return value;
        }
        return value * multiplier;
    }

    /** Copies part of the current text; allocates, so for names and messages only. */
    public String text(int from, int to) {
        return text.subSequence(from, to).toString();
    }

    /** Whether {@code text[from, to)} equals {@code word}. */
    public boolean regionEquals(int from, int to, String word) {
        return to - from == word.length() && matches(from, word);
    }

    private long unitMultiplier() {
        int start = pos;
        long multiplier;
        switch (peek()) {
            case 'b': case 'B': multiplier = 1; break;
            case 'k': case 'K': multiplier = 1L << 10; break;
            case 'm': case 'M': multiplier = 1L << 20; break;
            case 'g': case 'G': multiplier = 1L << 30; break;
            default: return 0;
        }
        pos++;
        if (multiplier != 1 && pos < lineEnd && text.charAt(pos) == 'B') {
            pos++;
        } else if (multiplier == (1L << 10) && pos < lineEnd && text.charAt(pos) == 'b') {
            pos++;
        }
        if (pos < lineEnd && Character.isLetter(text.charAt(pos))) {
            pos = start;
            return 0;
        }
        return multiplier;
    }

    private boolean matches(int from, String word) {
        if (from < lineStart || from + word.length() > lineEnd) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (text.charAt(from + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
