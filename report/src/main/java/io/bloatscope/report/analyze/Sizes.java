package io.bloatscope.report.analyze;

import java.util.Locale;

/** Human sizes for summaries and remedies ("512 MB"); evidence keeps exact bytes. */
final class Sizes {
    private Sizes() {
    }

    static String of(double bytes) {
        double abs = Math.abs(bytes);
        if (abs >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (1L << 30));
        }
        if (abs >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / (1L << 20));
        }
        if (abs >= 1L << 10) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / (1L << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
