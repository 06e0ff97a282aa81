package io.bloatscope.format.text;

/**
 * Writes a Java string as a JSON string literal, the one escaper of every JSON bloatscope writes
 * (the agent's snapshot lines, the report's JSON). Valid JSON, and readable as UTF-8, for any Java
 * string: the strings come from the target (class, thread, mapping and site names) and may hold
 * anything.
 * <ul>
 * <li>{@code "} and {@code \} escaped; {@code \b \f \n \r \t} by their short escapes;
 * <li>the other control characters below U+0020 as {@code \}{@code u00XX}, as JSON requires;
 * <li>U+2028 and U+2029 as escapes: valid JSON, but they end a line in JavaScript, and the report's
 *     HTML embeds JSON in a script, while line-oriented tools split on them;
 * <li>a lone surrogate (a high one not followed by a low one, or a low one not preceded by a high
 *     one) as {@code \}{@code uXXXX}: it has no UTF-8 encoding, so written raw the encoder would
 *     replace it by {@code ?} and the reader would get another string. A well-formed pair is
 *     written as it is (UTF-8 encodes the code point).
 * </ul>
 * Appends to a {@link StringBuilder} without allocating, because the agent's sampling thread writes
 * a line per interval with one reused buffer.
 */
public final class JsonString {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonString() {
    }

    /** Appends {@code value} quoted and escaped. */
    public static void append(StringBuilder out, CharSequence value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    // The surrogate range test inline: inside the agent this runs interpreted, per char.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029'
                            || (c >= '\uD800' && c <= '\uDFFF' && isLoneSurrogate(value, i, c))) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** {@code value} as a quoted, escaped JSON string. */
    public static String quote(CharSequence value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        append(out, value);
        return out.toString();
    }

    private static boolean isLoneSurrogate(CharSequence value, int i, char c) {
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
