package io.bloatscope.report.analyze;

import java.util.Arrays;

/** A series of (time, value) points in time order, as the estimators take them. */
final class Points {
    final long[] timesMillis;
    final double[] values;
    final int size;

    Points(long[] timesMillis, double[] values, int size) {
        this.timesMillis = timesMillis;
        this.values = values;
        this.size = size;
    }

    static Points of(long[] timesMillis, double[] values) {
        return new Points(timesMillis, values, values.length);
    }

    static final class Builder {
        private long[] times = new long[64];
        private double[] values = new double[64];
        private int size;

        Builder add(long timeMillis, double value) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = timeMillis;
            values[size] = value;
            size++;
            return this;
        }

        Points build() {
            return new Points(Arrays.copyOf(times, size), Arrays.copyOf(values, size), size);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    long durationMillis() {
        return size == 0 ? 0 : timesMillis[size - 1] - timesMillis[0];
    }

    double first() {
        return values[0];
    }

    double last() {
        return values[size - 1];
    }

    double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    /** The points with time at or after {@code fromMillis}. */
    Points from(long fromMillis) {
        int start = 0;
        while (start < size && timesMillis[start] < fromMillis) {
            start++;
        }
        return new Points(Arrays.copyOfRange(timesMillis, start, size), Arrays.copyOfRange(values, start, size),
                size - start);
    }

    /** The points with time at or before {@code untilMillis}. */
    Points before(long untilMillis) {
        int end = size;
        while (end > 0 && timesMillis[end - 1] > untilMillis) {
            end--;
        }
        return new Points(Arrays.copyOf(timesMillis, end), Arrays.copyOf(values, end), end);
    }

    /**
     * At most {@code max} points, each the median of a run of consecutive points (with the run's
     * middle time), so estimators stay cheap on a week of 1 s samples and noise is damped.
     */
    Points reduced(int max) {
        if (size <= max) {
            return this;
        }
        long[] times = new long[max];
        double[] medians = new double[max];
        double[] scratch = new double[size / max + 2];
        for (int k = 0; k < max; k++) {
            int from = (int) ((long) size * k / max);
            int to = (int) ((long) size * (k + 1) / max);
            int n = to - from;
            System.arraycopy(values, from, scratch, 0, n);
            Arrays.sort(scratch, 0, n);
            medians[k] = n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
            times[k] = timesMillis[from + n / 2];
        }
        return new Points(times, medians, max);
    }
}
