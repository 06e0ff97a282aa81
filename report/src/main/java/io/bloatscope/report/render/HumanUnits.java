package io.bloatscope.report.render;

import io.bloatscope.format.HumanBytes;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers as people read them. Evidence keys carry their unit in their name (the report JSON
 * contract), so the unit suffix decides how a value is shown: {@code retainedBytes} as MB,
 * {@code growthBytesPerMinute} as MB/min, {@code windowMillis} as seconds or minutes.
 */
final class HumanUnits {
    private static final double MB = 1024 * 1024;
    /** Suffixes, longest first so "BytesPerMinute" wins over "Bytes". */
    private static final String[] SUFFIXES = {"BytesPerMinute", "BytesPerSecond", "PerMinute", "PerSecond", "Bytes",
        "Millis", "Seconds", "Minutes", "Percent"};

    private static final long EPOCH_2001_MILLIS = 978_307_200_000L;
    /** Numbers that name something rather than count it: never grouped as "29,117". */
    private static final java.util.Set<String> IDENTIFIERS = java.util.Set.of("pid", "seq", "part", "schema", "feature", "id");

    private HumanUnits() {
    }

    /** As {@code @LeakTest}'s messages say it too. */
    static String bytes(double bytes) {
        return HumanBytes.of(bytes);
    }

    /** MB with one decimal always, for columns that must line up. */
    static String megabytes(double bytes) {
        return format("%.1f MB", bytes / MB);
    }

    static String percent(double fraction) {
        return format("%.1f%%", fraction * 100);
    }

    static String duration(double millis) {
        double abs = Math.abs(millis);
        if (abs < 1000) {
            return format("%.0f ms", millis);
        }
        if (abs < 120_000) {
            return format("%.1f s", millis / 1000);
        }
        if (abs < 2 * 3_600_000) {
            return format("%.1f min", millis / 60_000);
        }
        if (abs < 2 * 86_400_000) {
            return format("%.1f h", millis / 3_600_000);
        }
        return format("%.1f days", millis / 86_400_000);
    }

    /** Wall-clock time in UTC, to the second: reports are read on other machines. */
    static String clock(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    static String confidence(double confidence) {
        return format("%.2f", confidence);
    }

    /** The key without its unit suffix, as words: "growthBytesPerMinute" → "growth". */
    static String label(String key) {
        String base = key;
        for (String suffix : SUFFIXES) {
            if (key.endsWith(suffix) && key.length() > suffix.length()) {
                base = key.substring(0, key.length() - suffix.length());
                break;
            }
        }
        StringBuilder words = new StringBuilder();
        for (String word : base.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_")) {
            boolean acronym = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
            words.append(words.length() == 0 ? "" : " ").append(acronym ? word : word.toLowerCase(Locale.ROOT));
        }
        return words.toString();
    }

    /** An evidence or fact value in the unit its key names; strings and others as they are. */
    static String value(String key, Object value) {
        if (value instanceof Number) {
            double number = ((Number) value).doubleValue();
            if (key.endsWith("BytesPerMinute")) {
                return bytes(number) + "/min";
            }
            if (key.endsWith("BytesPerSecond")) {
                return bytes(number) + "/s";
            }
            if (key.endsWith("PerMinute")) {
                return plain(number) + "/min";
            }
            if (key.endsWith("PerSecond")) {
                return plain(number) + "/s";
            }
            if (key.endsWith("Bytes")) {
                // The snapshot format uses -1 for "no limit" and "undefined".
                return number >= 0 ? bytes(number) : key.contains("Limit") || key.startsWith("max") ? "unlimited" : "none";
            }
            if (key.endsWith("Millis")) {
                // Epoch timestamps (timeMillis, jvmStartMillis) read as a date, not as 56 years.
                return number > EPOCH_2001_MILLIS ? clock((long) number) : duration(number);
            }
            if (key.endsWith("Seconds")) {
                return duration(number * 1000);
            }
            if (key.endsWith("Minutes")) {
                return duration(number * 60_000);
            }
            if (key.endsWith("Percent")) {
                return format("%.1f%%", number);
            }
            return IDENTIFIERS.contains(key) ? String.format(Locale.ROOT, "%d", (long) number) : plain(number);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "yes" : "no";
        }
        if (value == null) {
            return "unset";
        }
        if (value instanceof Collection) {
            StringBuilder joined = new StringBuilder();
            for (Object element : (Collection<?>) value) {
                joined.append(joined.length() == 0 ? "" : " ").append(value(key, element));
            }
            return joined.toString();
        }
        if (value instanceof Map) {
            StringBuilder joined = new StringBuilder();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                String inner = String.valueOf(entry.getKey());
                joined.append(joined.length() == 0 ? "" : ", ").append(inner).append('=')
                        .append(value(inner, entry.getValue()));
            }
            return joined.toString();
        }
        return value.toString();
    }

    /** Whole numbers with grouping, others with up to 3 significant decimals. */
    static String plain(double number) {
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) number);
        }
        if (Math.abs(number) >= 100) {
            return format("%,.1f", number);
        }
        return format("%.3g", number).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
