package io.bloatscope.report.check;

import java.util.Locale;

/**
 * A rate limit such as {@code 1MB/min}, {@code 512KB/s} or {@code 100MB/h}, held in bytes per
 * minute, the unit the report states growth in.
 */
final class GrowthRate {
    private GrowthRate() {
    }

    /** Bytes per minute, or -1 when the text is not a size per s, min or h. */
    static double parseBytesPerMinute(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            return -1;
        }
        long bytes = io.bloatscope.format.Units.parseBytes(text.substring(0, slash));
        String per = text.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
        double perMinute;
        switch (per) {
            case "s":
            case "sec":
                perMinute = 60;
                break;
            case "m":
            case "min":
                perMinute = 1;
                break;
            case "h":
            case "hour":
                perMinute = 1.0 / 60;
                break;
            default:
                return -1;
        }
        return bytes < 0 ? -1 : bytes * perMinute;
    }
}
