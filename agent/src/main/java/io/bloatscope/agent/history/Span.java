package io.bloatscope.agent.history;

import java.util.Arrays;

/**
 * The picks of one span of one tier: for each {@link Figure} the whole snapshot that held its extreme,
 * and the span's last snapshot. Slots are reused from span to span (their builders keep their
 * capacity), so after the first spans a pick costs a char copy and no allocation.
 */
final class Span {
    /** Slot of the span's last snapshot; the figures' slots come first, in {@link Figure} order. */
    static final int LAST = Figure.ALL.length;
    private static final int SLOTS = LAST + 1;

    private final StringBuilder[] texts = new StringBuilder[SLOTS];
    private final long[][] figures = new long[SLOTS][Figure.ALL.length];
    /** Which snapshot of the run a slot holds (its position in the run), -1 for an empty slot. */
    private final long[] ordinals = new long[SLOTS];
    private final long[] times = new long[SLOTS];
    private long fromMillis;
    private long snapshots;

    Span() {
        for (int i = 0; i < SLOTS; i++) {
            texts[i] = new StringBuilder();
        }
        reset(0);
    }

    void reset(long fromMillis) {
        this.fromMillis = fromMillis;
        snapshots = 0;
        Arrays.fill(ordinals, -1);
        for (StringBuilder text : texts) {
            text.setLength(0);
        }
    }

    boolean isEmpty() {
        return ordinals[LAST] < 0;
    }

    long fromMillis() {
        return fromMillis;
    }

    long snapshots() {
        return snapshots;
    }

    void countSnapshots(long count) {
        snapshots += count;
    }

    /** Takes a snapshot into every slot whose figure it beats, and as the last one (offer in time order). */
    void offer(CharSequence text, long[] values, long ordinal, long timeMillis) {
        for (Figure figure : Figure.ALL) {
            int slot = figure.ordinal();
            if (ordinals[slot] < 0 || figure.beats(values[slot], figures[slot][slot])) {
                take(slot, text, values, ordinal, timeMillis);
            }
        }
        take(LAST, text, values, ordinal, timeMillis);
    }

    private void take(int slot, CharSequence text, long[] values, long ordinal, long timeMillis) {
        texts[slot].setLength(0);
        texts[slot].append(text);
        System.arraycopy(values, 0, figures[slot], 0, values.length);
        ordinals[slot] = ordinal;
        times[slot] = timeMillis;
    }

    /** The distinct snapshots held, oldest first, each once: the slot that first holds it. */
    int[] distinctSlotsInOrder() {
        int[] order = new int[SLOTS];
        int n = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            if (ordinals[slot] >= 0 && firstSlotOf(ordinals[slot]) == slot) {
                order[n++] = slot;
            }
        }
        int[] distinct = Arrays.copyOf(order, n);
        // insertion sort by ordinal: at most five entries
        for (int i = 1; i < distinct.length; i++) {
            int slot = distinct[i];
            int j = i - 1;
            while (j >= 0 && ordinals[distinct[j]] > ordinals[slot]) {
                distinct[j + 1] = distinct[j];
                j--;
            }
            distinct[j + 1] = slot;
        }
        return distinct;
    }

    private int firstSlotOf(long ordinal) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (ordinals[slot] == ordinal) {
                return slot;
            }
        }
        return -1;
    }

    /** True when the snapshot held in {@code slot} is also the pick of {@code other}. */
    boolean sameSnapshot(int slot, int other) {
        return ordinals[other] >= 0 && ordinals[other] == ordinals[slot];
    }

    CharSequence text(int slot) {
        return texts[slot];
    }

    long[] figures(int slot) {
        return figures[slot];
    }

    long ordinal(int slot) {
        return ordinals[slot];
    }

    long timeMillis(int slot) {
        return times[slot];
    }
}
