package io.bloatscope.junit;

import java.util.Arrays;

/**
 * Robust trend of a short series: the Theil–Sen slope (median of all pairwise slopes, so a few
 * outliers such as a GC that ran late cannot tilt it) and Spearman's rank correlation (how steadily
 * the series rises, 1 for always-rising, whatever the shape).
 */
final class Trend {
    final double slope;
    final double rankCorrelation;

    private Trend(double slope, double rankCorrelation) {
        this.slope = slope;
        this.rankCorrelation = rankCorrelation;
    }

    static Trend of(double[] x, double[] y) {
        if (x.length != y.length || x.length < 3) {
            throw new IllegalArgumentException("a trend needs at least 3 points");
        }
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        return new Trend(median(Arrays.copyOf(slopes, count)), spearman(x, y));
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double meanX = Arrays.stream(rx).average().orElse(0);
        double meanY = Arrays.stream(ry).average().orElse(0);
        double covariance = 0;
        double varianceX = 0;
        double varianceY = 0;
        for (int i = 0; i < rx.length; i++) {
            covariance += (rx[i] - meanX) * (ry[i] - meanY);
            varianceX += (rx[i] - meanX) * (rx[i] - meanX);
            varianceY += (ry[i] - meanY) * (ry[i] - meanY);
        }
        return varianceX == 0 || varianceY == 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
    }

    /** Ranks from 1, ties sharing their average rank. */
    private static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }
}
