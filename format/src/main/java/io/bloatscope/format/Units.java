package io.bloatscope.format;

import java.util.Locale;

/**
 * Parses the durations and sizes that options accept, such as {@code 500ms}, {@code 10s},
 * {@code 64MB}, and writes them back the same way. Shared because the agent's options, the
 * command line ({@code check --max-rss}) and the snapshot header's options string must agree.
 */
public final class Units {
    private Units() {
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}; a bare number is seconds. Returns -1 if malformed. */
    public static long parseMillis(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long factor;
        String digits;
        if (s.endsWith("ms")) {
            factor = 1;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            factor = 1000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            factor = 60_000;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            factor = 3_600_000;
            digits = s.substring(0, s.length() - 1);
        } else {
            factor = 1000;
            digits = s;
        }
        long value = parseNonNegative(digits);
        return value < 0 || value > Long.MAX_VALUE / factor ? -1 : value * factor;
    }

    /** {@code 512}, {@code 64k}/{@code 64KB}, {@code 100MB}, {@code 2G}: binary multiples. Returns -1 if malformed. */
    public static long parseBytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long factor = 1;
        if (s.endsWith("k")) {
            factor = 1L << 10;
        } else if (s.endsWith("m")) {
            factor = 1L << 20;
        } else if (s.endsWith("g")) {
            factor = 1L << 30;
        }
        if (factor != 1) {
            s = s.substring(0, s.length() - 1);
        }
        long value = parseNonNegative(s);
        return value < 0 || value > Long.MAX_VALUE / factor ? -1 : value * factor;
    }

    private static long parseNonNegative(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    public static String formatMillis(long millis) {
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis > 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    public static String formatBytes(long bytes) {
        if (bytes % (1L << 30) == 0 && bytes > 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes % (1L << 20) == 0 && bytes > 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes % (1L << 10) == 0 && bytes > 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }
}
