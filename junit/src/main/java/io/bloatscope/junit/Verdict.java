package io.bloatscope.junit;

import io.bloatscope.format.HumanBytes;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether one resource leaked over a leak test's judged repetitions, and the sentence that says
 * why. The growth per repetition is the median slope over short spans of consecutive
 * measurements (one to three steps), not a fitted line: a leak adds a little with every repetition, while the JVM's own noise comes in a
 * few jumps of megabytes, up and down (the JIT's compiler arenas, which HotSpot keeps in a chunk
 * pool and frees seconds later; heap resizing), and one such jump tilts a line as much as a whole
 * leak does but moves a median of short spans little. A leak needs all of: that growth over the judged
 * repetitions above the resource's floor and at least its minimum per repetition, a rise between
 * at least two thirds of consecutive measurements, and growth still going on over the last half
 * (so a cache that filled up and stopped is not a leak).
 *
 * <p>Not the report's trend ({@code io.bloatscope.report.analyze.Trend}, Theil–Sen over all pairs
 * of a run's snapshots), on purpose: that one asks how a part moved over a run's time, steps
 * included, and also needs the fit (R², τ) of one line through all of it. Over all pairs a single
 * jump halfway sits between half of them and pulls the median with it; here the jump is noise to be
 * ignored, and a repetition, not time, is the unit of growth.
 */
final class Verdict {
    static final double MIN_RISING_FRACTION = 2.0 / 3;
    /** The longest span, in measurements, whose slope counts towards the growth per repetition. */
    static final int MAX_SPAN = 3;

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
        if (n < 3) {
            throw new IllegalArgumentException("a verdict needs at least 3 measurements");
        }
        double perRepetition = medianSlope(repetitions, values, 0);
        double growth = perRepetition * (repetitions[n - 1] - repetitions[0]);
        int half = n / 2;
        double lateGrowth = medianSlope(repetitions, values, half) * (repetitions[n - 1] - repetitions[half]);
        int rising = 0;
        for (int i = 1; i < n; i++) {
            if (values[i] > values[i - 1]) {
                rising++;
            }
        }
        boolean leaks = growth >= resource.floor
                && perRepetition >= resource.minPerRepetition
                && (double) rising / (n - 1) >= MIN_RISING_FRACTION
                && lateGrowth >= resource.floor / 2;
        String message = String.format(Locale.ROOT,
                "%s grows %s per repetition over repetitions %d-%d (median of short spans; %s in all, %s in the last half;"
                        + " rose between %d of %d measurements)",
                resource.description, amount(resource, perRepetition), (long) repetitions[0], (long) repetitions[n - 1],
                amount(resource, growth), amount(resource, lateGrowth), rising, n - 1);
        return new Verdict(resource, leaks, message);
    }

    /**
     * The median growth per repetition over spans of one to {@value #MAX_SPAN} consecutive
     * measurements from index {@code from} on: a jump crosses only a few such spans, and spans
     * longer than one step average the noise of single measurements away.
     */
    private static double medianSlope(double[] repetitions, double[] values, int from) {
        double[] slopes = new double[(values.length - from) * MAX_SPAN];
        int count = 0;
        for (int i = from; i < values.length; i++) {
            for (int j = i + 1; j < values.length && j <= i + MAX_SPAN; j++) {
                slopes[count++] = (values[j] - values[i]) / (repetitions[j] - repetitions[i]);
            }
        }
        Arrays.sort(slopes, 0, count);
        int middle = count / 2;
        return count % 2 == 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
    }

    static String amount(Resource resource, double value) {
        if (!resource.unit.equals("bytes")) {
            return String.format(Locale.ROOT, "%.2f %s", value, resource.unit);
        }
        return HumanBytes.of(value);
    }
}
