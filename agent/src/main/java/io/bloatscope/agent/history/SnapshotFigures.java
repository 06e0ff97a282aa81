package io.bloatscope.agent.history;

/**
 * Reads a few numbers back out of a snapshot line the agent just wrote: {@code "key":number} directly
 * inside a top-level section such as {@code "process":{…}}. The samplers write into one shared line
 * and keep nothing, so reading the text back (a few KB, once per tick, no allocation) is cheaper
 * than threading values through every sampler.
 */
final class SnapshotFigures {
    static final long ABSENT = Long.MIN_VALUE;

    private SnapshotFigures() {
    }

    /** Fills {@code into} (one slot per {@link Figure}) from the line; absent figures read {@link #ABSENT}. */
    static void read(CharSequence line, long[] into) {
        for (Figure figure : Figure.ALL) {
            into[figure.ordinal()] = ABSENT;
        }
        for (Figure figure : Figure.ALL) {
            if (figure.ordinal() > 0 && Figure.ALL[figure.ordinal() - 1].section.equals(figure.section)
                    && Figure.ALL[figure.ordinal() - 1].key.equals(figure.key)) {
                into[figure.ordinal()] = into[figure.ordinal() - 1];
            } else {
                into[figure.ordinal()] = valueIn(line, figure.section, figure.key);
            }
        }
    }

    /** The number at {@code "section":{… "key":n …}} (the key directly in the section), or ABSENT. */
    static long valueIn(CharSequence line, String section, String key) {
        int at = memberValue(line, 0, line.length(), 1, section);
        if (at < 0 || at >= line.length() || line.charAt(at) != '{') {
            return ABSENT;
        }
        int valueAt = memberValue(line, at, line.length(), 1, key);
        return valueAt < 0 ? ABSENT : number(line, valueAt);
    }

    /**
     * Where the value of member {@code key} starts, for members at {@code depth} below the object that
     * opens at {@code from}; -1 when the object has no such member. Strings are skipped whole, so a
     * key's name inside a string value (a frame, a JVM flag) is never taken for the key.
     */
    private static int memberValue(CharSequence s, int from, int end, int depth, String key) {
        int level = 0;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                int close = stringEnd(s, i, end);
                if (close < 0) {
                    return -1;
                }
                if (level == depth && close + 1 < end && s.charAt(close + 1) == ':'
                        && close - i - 1 == key.length() && regionMatches(s, i + 1, key)) {
                    return close + 2;
                }
                i = close;
            } else if (c == '{' || c == '[') {
                level++;
            } else if (c == '}' || c == ']') {
                level--;
                if (level < depth) {
                    return -1; // the object we started in closed: no later section may answer for it
                }
            }
        }
        return -1;
    }

    /** Index of the quote closing the string that opens at {@code open}, or -1 when the line ends first. */
    private static int stringEnd(CharSequence s, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(CharSequence s, int at, String key) {
        for (int k = 0; k < key.length(); k++) {
            if (s.charAt(at + k) != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static long number(CharSequence s, int at) {
        boolean negative = at < s.length() && s.charAt(at) == '-';
        int i = negative ? at + 1 : at;
        long value = 0;
        int digits = 0;
        while (i < s.length() && digits < 19) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        return digits == 0 ? ABSENT : negative ? -value : value;
    }
}
