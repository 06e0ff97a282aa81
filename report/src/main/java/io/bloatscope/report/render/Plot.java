package io.bloatscope.report.render;

import java.util.Locale;

/**
 * The frame every chart shares: an SVG of fixed view-box size that scales to the page width, a
 * plot area with margins for labels, the mapping from (time, value) to pixels, and axes with
 * "nice" ticks: values in the unit of the series (MB, GB, counts, ms) and time as elapsed since
 * the first point (the wall-clock start is in the caption).
 */
final class Plot {
    static final int WIDTH = 900;
    static final int LEFT = 72;
    static final int RIGHT = 16;
    static final int TOP = 12;
    static final int BOTTOM = 40;
    private static final long[] TIME_STEPS_MILLIS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
        43_200_000, 86_400_000, 172_800_000, 604_800_000};

    final int height;
    final long startMillis;
    final long endMillis;
    final double minValue;
    final double maxValue;
    final String unit;

    /** @param unit "bytes", "millis", or anything else for plain numbers */
    Plot(int height, long startMillis, long endMillis, double minValue, double maxValue, String unit) {
        this.height = height;
        this.startMillis = startMillis;
        this.endMillis = endMillis > startMillis ? endMillis : startMillis + 1000;
        double top = maxValue > minValue ? maxValue : minValue + (minValue == 0 ? 1 : Math.abs(minValue));
        double step = step(top - minValue, unit);
        this.minValue = Math.floor(minValue / step) * step;
        this.maxValue = Math.ceil(top / step) * step;
        this.unit = unit;
    }

    int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    int plotHeight() {
        return height - TOP - BOTTOM;
    }

    /** Buckets for {@link Downsample}: about one per two pixels. */
    int buckets() {
        return plotWidth() / 2;
    }

    double x(long timeMillis) {
        return LEFT + (double) (timeMillis - startMillis) / (endMillis - startMillis) * plotWidth();
    }

    double y(double value) {
        return TOP + plotHeight() - (value - minValue) / (maxValue - minValue) * plotHeight();
    }

    /** Opens the SVG; {@code label} is the accessible name (already plain text, escaped here). */
    void open(StringBuilder svg, String label) {
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(HtmlText.escape(label)).append("\">");
    }

    /** Grid lines and tick labels; drawn before the data so the data lies on top. */
    void axes(StringBuilder svg) {
        double step = step(maxValue - minValue, unit);
        svg.append("<g class=\"axis\">");
        for (double v = minValue; v <= maxValue + step / 2; v += step) {
            double y = y(v);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth())
                    .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\">").append(HtmlText.escape(valueLabel(v, step))).append("</text>");
        }
        long span = endMillis - startMillis;
        long timeStep = TIME_STEPS_MILLIS[TIME_STEPS_MILLIS.length - 1];
        for (long candidate : TIME_STEPS_MILLIS) {
            if (span / candidate <= 8) {
                timeStep = candidate;
                break;
            }
        }
        for (long t = 0; t <= span; t += timeStep) {
            double x = x(startMillis + t);
            svg.append("<line class=\"tick\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"")
                    .append(TOP + plotHeight()).append("\" y2=\"").append(TOP + plotHeight() + 5).append("\"/>");
            svg.append("<text x=\"").append(f(x)).append("\" y=\"").append(TOP + plotHeight() + 18)
                    .append("\" text-anchor=\"middle\">").append(elapsed(t)).append("</text>");
        }
        svg.append("<line class=\"frame\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth())
                .append("\" y1=\"").append(TOP + plotHeight()).append("\" y2=\"").append(TOP + plotHeight()).append("\"/>");
        svg.append("<text class=\"axis-title\" x=\"").append(LEFT + plotWidth() / 2).append("\" y=\"").append(height - 4)
                .append("\" text-anchor=\"middle\">time since ").append(HtmlText.escape(HumanUnits.clock(startMillis)))
                .append("</text></g>");
    }

    String valueLabel(double value, double step) {
        if ("bytes".equals(unit)) {
            double mb = 1024.0 * 1024;
            double gb = mb * 1024;
            if (Math.max(Math.abs(maxValue), Math.abs(minValue)) >= 4 * gb) {
                return String.format(Locale.ROOT, step >= gb ? "%.0f GB" : "%.1f GB", value / gb);
            }
            if (Math.max(Math.abs(maxValue), Math.abs(minValue)) >= mb) {
                return String.format(Locale.ROOT, step >= mb ? "%.0f MB" : "%.1f MB", value / mb);
            }
            return HumanUnits.bytes(value);
        }
        if ("millis".equals(unit)) {
            return HumanUnits.duration(value);
        }
        return HumanUnits.plain(step >= 1 ? Math.rint(value) : value);
    }

    /** "0", "30s", "2m", "1h30m", "2d": short enough for a tick. */
    static String elapsed(long millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            // Sub-second steps (500 ms) must not print "1s" twice.
            return millis % 1000 == 0 ? seconds + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 != 0 ? seconds % 60 + "s" : "");
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h" + (seconds % 3600 / 60 != 0 ? seconds % 3600 / 60 + "m" : "");
        }
        return seconds / 86_400 + "d" + (seconds % 86_400 / 3600 != 0 ? seconds % 86_400 / 3600 + "h" : "");
    }

    /** A tick step for {@code range}: for bytes a nice number of MB (or GB), so labels are round. */
    static double step(double range, String unit) {
        if ("bytes".equals(unit)) {
            double mb = 1024.0 * 1024;
            double scale = range >= 4 * mb * 1024 ? mb * 1024 : range >= mb ? mb : 1;
            return niceStep(range / scale, 5) * scale;
        }
        return niceStep(range, 5);
    }

    /** 1, 2 or 5 times a power of ten. */
    static double niceStep(double range, int targetTicks) {
        double raw = range / targetTicks;
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String f(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }
}
