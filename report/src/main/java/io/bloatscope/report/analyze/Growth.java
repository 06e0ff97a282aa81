package io.bloatscope.report.analyze;

/**
 * Whether a series keeps growing once warm-up is over. The run is segmented: the first
 * {@link #WARM_UP_FRACTION} of it (at most {@link #MAX_WARM_UP_MILLIS}) is warm-up and not judged;
 * the rest is fitted with a {@link Trend}, and its later half is fitted again, because growth that
 * reaches a plateau (caches filling, pools sizing themselves, the JIT settling) has a late slope near
 * zero while a leak keeps its slope.
 */
final class Growth {
    static final double WARM_UP_FRACTION = 0.2;
    static final long MAX_WARM_UP_MILLIS = 10 * 60_000L;

    final Points window;
    final Trend trend;
    final Trend late;
    final long warmUpEndMillis;
    /** The judged span, warm-up end to run end: series sampled only at GCs have fewer, sparser points. */
    final long windowMillis;
    final long warmUpMillis;

    private Growth(Points window, Trend trend, Trend late, long warmUpEndMillis, long windowMillis, long warmUpMillis) {
        this.warmUpMillis = warmUpMillis;
        this.windowMillis = windowMillis;

        this.window = window;
        this.trend = trend;
        this.late = late;
        this.warmUpEndMillis = warmUpEndMillis;
    }

    static Growth judge(Points series, long runStartMillis, long runEndMillis) {
        long warmUp = Math.min(MAX_WARM_UP_MILLIS, (long) ((runEndMillis - runStartMillis) * WARM_UP_FRACTION));
        long warmUpEnd = runStartMillis + warmUp;
        Points window = series.from(warmUpEnd);
        Trend trend = Trend.of(window);
        Trend late = window.size < 2 ? Trend.NONE
                : Trend.of(window.from(window.timesMillis[0] + window.durationMillis() / 2));
        return new Growth(window, trend, late, warmUpEnd, runEndMillis - warmUpEnd, warmUp);
    }

    /** Growth the trend predicts over the judged span. */
    double growth() {
        return Math.max(0, trend.slopePerMillis * windowMillis);
    }

    /**
     * The most the series could have grown over the judged span and still look like this: the slope
     * at the one-sided 95% bound of its standard error (Student's t for the points there are). A
     * series judged flat only when this stays below a detector's minimum growth: four noisy points
     * that show no trend have not shown that there is none.
     */
    double hideableGrowth() {
        int df = window.size - 2;
        if (df < 1) {
            return Double.POSITIVE_INFINITY;
        }
        double bound = Math.max(0, trend.slopePerMillis) + studentT95(df) * trend.slopeStandardError;
        return bound * windowMillis;
    }

    /** Growth the points prove: the slope's one-sided 95% lower bound (Student's t) times the window, at least 0. */
    double provenGrowth() {
        int df = window.size - 2;
        if (df < 1) {
            return 0;
        }
        return Math.max(0, trend.slopePerMillis - studentT95(df) * trend.slopeStandardError) * windowMillis;
    }

    /** One-sided 95% quantiles of Student's t, by degrees of freedom (1.645 beyond 30). */
    private static double studentT95(int df) {
        final double[] table = {6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812};
        if (df <= table.length) {
            return table[df - 1];
        }
        return df <= 20 ? 1.75 : df <= 30 ? 1.70 : 1.645;
    }

    /**
     * 1 when the late slope keeps up with the window's, falling to 0 as it flattens (a plateau). A
     * flat end counts as a plateau only once it has lasted: at least {@link LeakRule#MIN_DURATION_MILLIS}
     * and half as long as the rise before it. Until then it may as well be a pause, and the growth stays
     * a finding below the bar ({@link #UNSETTLED}) rather than being called over.
     */
    double persistence() {
        if (trend.slopePerMillis <= 0) {
            return 0;
        }
        if (late.points < 3) {
            return 0.5;
        }
        double persistence = Stats.ramp(late.slopePerMillis / trend.slopePerMillis, 0.15, 0.5);
        return persistence < UNSETTLED && !plateauEstablished() ? UNSETTLED : persistence;
    }

    /** The persistence of growth whose flat end is too short to call a plateau. */
    static final double UNSETTLED = 0.6;

    /** How long the series has stayed near its last value at the end of the window, in ms. */
    long flatEndMillis() {
        int n = window.size;
        if (n < 2) {
            return 0;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, window.values[i]);
            max = Math.max(max, window.values[i]);
        }
        double band = Math.max(1 << 20, 0.1 * (max - min));
        double last = window.values[n - 1];
        int i = n - 1;
        while (i > 0 && Math.abs(window.values[i - 1] - last) <= band) {
            i--;
        }
        long flat = window.timesMillis[n - 1] - window.timesMillis[i];
        // At the window's slope the stretch must have risen by twice the band: otherwise it is only
        // where a steady rise has not yet left the band (the last tenth of any straight line), which
        // cannot be told from flat.
        return trend.slopePerMillis * flat < 2 * band ? 0 : flat;
    }

    /** A clause for a summary when the growth's flat end is too short to call a plateau, else "". */
    String unsettledClause() {
        long flat = flatEndMillis();
        if (trend.slopePerMillis <= 0 || flat < 1000 || plateauEstablished()) {
            return "";
        }
        return " (flat for the last " + Math.round(flat / 1000.0) + " s: too short to call it a plateau)";
    }

    /**
     * How the growth ends, for a summary: " and does not level off" only when its end is not flat;
     * a flat end is said with its length, as a plateau once it has lasted.
     */
    String endClause() {
        long flat = flatEndMillis();
        if (trend.slopePerMillis <= 0 || flat < 1000) {
            return " and does not level off";
        }
        return plateauEstablished() ? ", then levels off (flat for the last " + Math.round(flat / 1000.0) + " s)"
                : unsettledClause();
    }

    private boolean plateauEstablished() {
        long flat = flatEndMillis();
        long rise = window.durationMillis() - flat;
        return flat >= LeakRule.MIN_DURATION_MILLIS && flat >= rise / 2;
    }

    boolean plateaued() {
        return trend.slopePerMillis > 0 && persistence() < 0.5;
    }
}
