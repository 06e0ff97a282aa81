package io.bloatscope.junit;

import java.util.Locale;

/**
 * Whether one resource leaked over a leak test's judged repetitions, and the sentence that says
 * why. A leak needs all of: growth over the judged repetitions above the resource's floor, at
 * least its minimum per repetition, a steady rise (rank correlation ≥ 0.6, so GC noise cannot
 * pass), and growth still going on over the last half (so a cache that filled up and stopped is
 * not a leak).
 */
final class Verdict {
    static final double MIN_RANK_CORRELATION = 0.6;
    static final double MIN_RISING_FRACTION = 2.0 / 3;

    final Resource resource;
    final boolean leaks;
    final String message;

    private Verdict(Resource resource, boolean leaks, String message) {
        this.resource = resource;
        this.leaks = leaks;
        this.message = message;
    }

    static Verdict judge(Resource resource, double[] repetitions, double[] values) {
        int n = values.length;
        Trend whole = Trend.of(repetitions, values);
        double span = repetitions[n - 1] - repetitions[0];
        double growth = whole.slope * span;
        int half = n / 2;
        double[] lateX = java.util.Arrays.copyOfRange(repetitions, half, n);
        double[] lateY = java.util.Arrays.copyOfRange(values, half, n);
        double lateGrowth = lateX.length >= 3 ? Trend.of(lateX, lateY).slope * (lateX[lateX.length - 1] - lateX[0]) : 0;
        int rising = 0;
        for (int i = 1; i < n; i++) {
            if (values[i] > values[i - 1]) {
                rising++;
            }
        }
        double risingFraction = (double) rising / (n - 1);
        boolean leaks = growth >= resource.floor
                && whole.slope >= resource.minPerRepetition
                && whole.rankCorrelation >= MIN_RANK_CORRELATION
                && risingFraction >= MIN_RISING_FRACTION
                && lateGrowth >= resource.floor / 2;
        String message = String.format(Locale.ROOT,
                "%s grows %s per repetition over repetitions %d-%d (%s in all, %s in the last half;"
                        + " rose between %d of %d measurements, rank correlation %.2f)",
                resource.description, amount(resource, whole.slope), (long) repetitions[0], (long) repetitions[n - 1],
                amount(resource, growth), amount(resource, lateGrowth), rising, n - 1, whole.rankCorrelation);
        return new Verdict(resource, leaks, message);
    }

    static String amount(Resource resource, double value) {
        if (!resource.unit.equals("bytes")) {
            return String.format(Locale.ROOT, "%.2f %s", value, resource.unit);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", value / (1 << 20));
        }
        if (magnitude >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KB", value / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", value);
    }
}
