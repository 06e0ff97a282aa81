package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Series;

/**
 * The growth rate of a diagnosis series after warm-up, judged exactly as the detectors judge it
 * (same warm-up, same robust trend), for callers outside the engine such as {@code check}.
 */
public final class GrowthRates {
    private GrowthRates() {
    }

    /** Bytes (or the series' unit) per minute after warm-up; 0 for a series too short to judge. */
    public static double perMinute(Series series) {
        if (series == null || series.values.length < 2) {
            return 0;
        }
        long start = series.timesMillis[0];
        long end = series.timesMillis[series.timesMillis.length - 1];
        Growth growth = Growth.judge(Points.of(series.timesMillis, series.values), start, end);
        return growth.trend.slopePerMillis * 60_000;
    }
}
