package io.bloatscope.report.analyze;

/**
 * A robust linear trend of a series: the Theil–Sen slope (median of pairwise slopes, insensitive to
 * outliers such as one GC spike), the intercept through the median residual, and two measures of
 * fit: R² of that line (1 = points lie on the line, ≤ 0 = the line explains nothing) and Kendall's
 * τ from the same pairwise slopes (share of rising pairs minus falling pairs: 1 = always rising),
 * which still sees a steady rise under step-shaped noise that ruins R² (e.g. the JVM's own malloc
 * churn on top of a native leak).
 *
 * <p>Not the estimator of {@code @LeakTest} ({@code io.bloatscope.junit.Verdict}, a median of
 * slopes over spans of one to three repetitions), on purpose: the question differs. Here it is how
 * a part moved over a run's wall-clock time, where a step (a pool filling, a burst) is part of what
 * happened and the fit measures must see it; all pairs give the slope over the whole run and feed
 * R² and τ. There it is what one repetition of a test body adds, where a jump of megabytes is the
 * JVM's own noise (the JIT's arenas, heap resizing) and must move the answer as little as possible;
 * only short spans cross a jump, while here half of all pairs would.
 */
final class Trend {
    /** Pairwise slopes cost O(n²): series are reduced to this many points (medians of runs) first. */
    static final int MAX_POINTS = 300;

    final double slopePerMillis;
    final double intercept;
    final double r2;
    final double kendallTau;
    /**
     * The standard error of the slope from the residuals around the line (0 with fewer than three
     * points): how far the true slope may be from the fitted one, which says whether "flat" was seen
     * or only not ruled out.
     */
    final double slopeStandardError;
    final int points;
    final long durationMillis;
    /** Time the intercept refers to. */
    final long originMillis;

    private Trend(double slopePerMillis, double intercept, double r2, int points, long durationMillis,
            long originMillis) {
        this(slopePerMillis, intercept, r2, 0, 0, points, durationMillis, originMillis);
    }

    private Trend(double slopePerMillis, double intercept, double r2, double kendallTau, double slopeStandardError,
            int points, long durationMillis, long originMillis) {
        this.kendallTau = kendallTau;
        this.slopeStandardError = slopeStandardError;
        this.originMillis = originMillis;
        this.slopePerMillis = slopePerMillis;
        this.intercept = intercept;
        this.r2 = r2;
        this.points = points;
        this.durationMillis = durationMillis;
    }

    static final Trend NONE = new Trend(0, 0, 0, 0, 0, 0);

    static Trend of(Points series) {
        if (series.size < 2 || series.durationMillis() <= 0) {
            return new Trend(0, series.size == 0 ? 0 : series.first(), 0, series.size, 0,
                    series.size == 0 ? 0 : series.timesMillis[0]);
        }
        Points p = series.reduced(MAX_POINTS);
        int n = p.size;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        long rising = 0;
        long falling = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                long dt = p.timesMillis[j] - p.timesMillis[i];
                if (dt > 0) {
                    double dv = p.values[j] - p.values[i];
                    slopes[k++] = dv / dt;
                    if (dv > 0) {
                        rising++;
                    } else if (dv < 0) {
                        falling++;
                    }
                }
            }
        }
        double tau = k == 0 ? 0 : (double) (rising - falling) / k;
        double slope = k == 0 ? 0 : Stats.median(slopes, k);
        long t0 = p.timesMillis[0];
        double[] offsets = new double[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = p.values[i] - slope * (p.timesMillis[i] - t0);
        }
        double intercept = Stats.median(offsets.clone(), n);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += p.values[i];
        }
        mean /= n;
        double meanTime = 0;
        for (int i = 0; i < n; i++) {
            meanTime += p.timesMillis[i] - t0;
        }
        meanTime /= n;
        double ssTotal = 0;
        double ssResidual = 0;
        double ssTime = 0;
        for (int i = 0; i < n; i++) {
            double fitted = intercept + slope * (p.timesMillis[i] - t0);
            ssTotal += (p.values[i] - mean) * (p.values[i] - mean);
            ssResidual += (p.values[i] - fitted) * (p.values[i] - fitted);
            ssTime += (p.timesMillis[i] - t0 - meanTime) * (p.timesMillis[i] - t0 - meanTime);
        }
        double r2 = ssTotal == 0 ? (slope == 0 ? 1 : 0) : 1 - ssResidual / ssTotal;
        double slopeError = n > 2 && ssTime > 0 ? Math.sqrt(ssResidual / (n - 2) / ssTime) : 0;
        return new Trend(slope, intercept, r2, tau, slopeError, series.size, series.durationMillis(), t0);
    }

    double valueAt(long timeMillis) {
        return intercept + slopePerMillis * (timeMillis - originMillis);
    }

    double perMinute() {
        return slopePerMillis * 60_000;
    }

    /** Growth the line predicts over the series' span. */
    double growth() {
        return slopePerMillis * durationMillis;
    }
}
