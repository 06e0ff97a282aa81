package io.bloatscope.report.read;

/**
 * The slots of one record as read from the line: numbers, or the raw text of a value (its span in
 * the line's bytes, quotes included), each absent until its member is met. Reused record to record.
 */
final class RecordValues {
    private static final int MAX_SLOTS = 8;

    private final long[] numbers = new long[MAX_SLOTS];
    private final int[] textStarts = new int[MAX_SLOTS];
    private final int[] textEnds = new int[MAX_SLOTS];
    private final JsonCursor in;
    /** The scanner's NMT category names, for the rule that groups categories. */
    final NmtCategoryNames categories;

    RecordValues(JsonCursor in, NmtCategoryNames categories) {
        this.in = in;
        this.categories = categories;
    }

    void clear(int slots) {
        for (int i = 0; i < slots; i++) {
            numbers[i] = RunColumns.ABSENT;
            textStarts[i] = -1;
        }
    }

    void number(int slot, long value) {
        numbers[slot] = value;
    }

    /** The slot's value is the raw text {@code b[start, end)}. */
    void text(int slot, int start, int end) {
        textStarts[slot] = start;
        textEnds[slot] = end;
    }

    long number(int slot) {
        return numbers[slot];
    }

    boolean present(int slot) {
        return numbers[slot] != RunColumns.ABSENT;
    }

    boolean hasText(int slot) {
        return textStarts[slot] >= 0;
    }

    /** Whether the slot's raw text (quotes included) is exactly {@code expected}. */
    boolean textIs(int slot, byte[] expected) {
        return hasText(slot) && in.is(textStarts[slot], textEnds[slot] - textStarts[slot], expected);
    }

    /** Whether any of {@code needles} occurs in the slot's raw text. */
    boolean textContainsAny(int slot, byte[][] needles) {
        if (!hasText(slot)) {
            return false;
        }
        for (byte[] needle : needles) {
            if (in.contains(textStarts[slot], textEnds[slot], needle)) {
                return true;
            }
        }
        return false;
    }

    /** Start of the string's content (after its opening quote). */
    int stringStart(int slot) {
        return textStarts[slot] + 1;
    }

    /** Length of the string's content (without its quotes). */
    int stringLength(int slot) {
        return textEnds[slot] - 1 - stringStart(slot);
    }

    byte[] bytes() {
        return in.b;
    }

    JsonCursor cursor() {
        return in;
    }
}
