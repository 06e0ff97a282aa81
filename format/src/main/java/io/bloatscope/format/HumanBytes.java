package io.bloatscope.format;

import java.util.Locale;

/**
 * A byte count as people read it: binary units (1 KB = 1024 B, as the JVM and the kernel count),
 * one decimal, GB only from 10 GB up so that a few gigabytes keep their megabyte precision (a leak
 * of 40 MB in 3 GB must show). The report's text and a failed {@code @LeakTest}'s message both say
 * figures this way, so the same figure reads the same in both.
 */
public final class HumanBytes {
    private static final double KB = 1024;
    private static final double MB = KB * 1024;
    private static final double GB = MB * 1024;

    private HumanBytes() {
    }

    /** {@code 512 B}, {@code 1.5 KB}, {@code 300.0 MB}, {@code 12.3 GB}; negative values keep their sign. */
    public static String of(double bytes) {
        double abs = Math.abs(bytes);
        if (abs >= 10 * GB) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / GB);
        }
        if (abs >= MB) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / MB);
        }
        if (abs >= KB) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / KB);
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
