package io.bloatscope.report.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes eight at a time (SWAR: a long read from the array, the classic "has zero byte" bit
 * trick on it XOR the wanted byte). Reading a week of snapshots is mostly skipping strings
 * (Base64 histograms, names) and finding line ends, so this is where the reader's time goes.
 */
final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private ByteSearch() {
    }

    /** Bit 7 of each byte of {@code word} that is zero; exact for the lowest such byte. */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /** Index of the first '"' or '\\' in {@code b[from, to)}, or {@code to}. */
    static int quoteOrBackslash(byte[] b, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long word = (long) LONGS.get(b, p);
            long hits = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
            if (hits != 0) {
                return p + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            p += 8;
        }
        while (p < to && b[p] != '"' && b[p] != '\\') {
            p++;
        }
        return p;
    }

    /** Bit 7 set in exactly the bytes of {@code word} that are zero (no borrow between bytes). */
    private static long exactZeroBytes(long word) {
        return ~(((word & ~HIGHS) + ~HIGHS) | word | ~HIGHS);
    }

    /**
     * Light check of a line's tail {@code b[from, to)}: opening minus closing brackets ({@code [ {}
     * against {@code ] }}), strings not excluded (a bracket inside a string only makes the caller fall
     * back to a full scan), eight bytes at a time. Each '{' is reported to {@code curlies} by index.
     */
    static int bracketBalance(byte[] b, int from, int to, java.util.function.IntPredicate curlies) {
        int balance = 0;
        int p = from;
        while (p + 8 <= to) {
            long word = (long) LONGS.get(b, p);
            long folded = word | 0x2020202020202020L; // '[' → '{', ']' → '}', nothing else lands on them
            long opens = exactZeroBytes(folded ^ 0x7B7B7B7B7B7B7B7BL);
            long closes = exactZeroBytes(folded ^ 0x7D7D7D7D7D7D7D7DL);
            if ((opens | closes) != 0) {
                balance += Long.bitCount(opens) - Long.bitCount(closes);
                long curly = exactZeroBytes(word ^ 0x7B7B7B7B7B7B7B7BL);
                while (curly != 0) {
                    if (!curlies.test(p + (Long.numberOfTrailingZeros(curly) >>> 3))) {
                        return Integer.MIN_VALUE;
                    }
                    curly &= curly - 1;
                }
            }
            p += 8;
        }
        for (; p < to; p++) {
            byte c = b[p];
            if (c == '{' || c == '[') {
                balance++;
                if (c == '{' && !curlies.test(p)) {
                    return Integer.MIN_VALUE;
                }
            } else if (c == '}' || c == ']') {
                balance--;
            }
        }
        return balance;
    }

    /**
     * {@link #bracketBalance} and {@link #newline} in one pass: the balance of {@code b[from, nl)}
     * where {@code nl} is the first '\n' in {@code b[from, to)}, so a light line's tail is read once
     * instead of twice. Returns {@code nl} (or -1 when there is none; the balance is then meaningless)
     * and leaves the balance in {@code balance[0]}, {@link Integer#MIN_VALUE} when {@code curlies}
     * refused a '{'.
     */
    static int bracketBalanceToNewline(byte[] b, int from, int to, java.util.function.IntPredicate curlies,
            int[] balance) {
        int sum = 0;
        int p = from;
        while (p + 8 <= to) {
            long word = (long) LONGS.get(b, p);
            if (zeroBytes(word ^ NEWLINES) != 0) {
                break; // the word with the line end: byte by byte below
            }
            long folded = word | 0x2020202020202020L; // '[' → '{', ']' → '}', nothing else lands on them
            long opens = exactZeroBytes(folded ^ 0x7B7B7B7B7B7B7B7BL);
            long closes = exactZeroBytes(folded ^ 0x7D7D7D7D7D7D7D7DL);
            sum += Long.bitCount(opens) - Long.bitCount(closes);
            if (opens != 0) {
                long curly = exactZeroBytes(word ^ 0x7B7B7B7B7B7B7B7BL);
                while (curly != 0) {
                    if (!curlies.test(p + (Long.numberOfTrailingZeros(curly) >>> 3))) {
                        balance[0] = Integer.MIN_VALUE;
                        return p;
                    }
                    curly &= curly - 1;
                }
            }
            p += 8;
        }
        for (; p < to; p++) {
            byte c = b[p];
            if (c == '\n') {
                balance[0] = sum;
                return p;
            }
            if (c == '{' || c == '[') {
                sum++;
                if (c == '{' && !curlies.test(p)) {
                    balance[0] = Integer.MIN_VALUE;
                    return p;
                }
            } else if (c == '}' || c == ']') {
                sum--;
            }
        }
        balance[0] = sum;
        return -1;
    }

    /**
     * The first {@code min(length, 8)} bytes at {@code start} as one word, the rest zeroed; reads
     * eight bytes, so {@code start + 8 <= b.length}.
     */
    static long head(byte[] b, int start, int length) {
        long word = (long) LONGS.get(b, start);
        return length >= 8 ? word : word & ((1L << (length << 3)) - 1);
    }

    /** Index of the first '\n' in {@code b[from, to)}, or -1. */
    static int newline(byte[] b, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long hits = zeroBytes((long) LONGS.get(b, p) ^ NEWLINES);
            if (hits != 0) {
                return p + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            p += 8;
        }
        while (p < to) {
            if (b[p] == '\n') {
                return p;
            }
            p++;
        }
        return -1;
    }
}
