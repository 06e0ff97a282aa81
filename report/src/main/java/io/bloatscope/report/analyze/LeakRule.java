package io.bloatscope.report.analyze;

/**
 * The bar a growing series must clear to be called a leak, shared by every leak detector.
 *
 * <p>Minimums: the judged window (after warm-up) must span at least {@link #MIN_DURATION_MILLIS}
 * (4 s) with at least {@link #MIN_POINTS} points (8; 4 for series sampled only at GCs), and the
 * fitted growth over it must reach the detector's minimum size (4 MiB of memory, 16 threads).
 * Below the size the confidence stays under 0.4; with a poor fit (R² under 0.3 and Kendall's τ
 * under 0.25) it is 0.
 *
 * <p>Confidence = fit × size × persistence × duration, each in [0,1]: fit is the better of R²
 * ramped 0.3 → 0.8 and Kendall's τ ramped 0.25 → 0.5 (see {@link Trend});
 * size is 0.85 at the minimum rising to 1 at four times it; persistence ramps the late-half slope
 * over the window slope 0.15 → 0.5 (a plateau is not a leak); duration is 0.85 for a window of
 * seconds rising to 1 at {@link #CONFIDENT_DURATION_MILLIS} (10 min): a short run can show a clear
 * leak but not that it would go on.
 */
final class LeakRule {
    static final long MIN_DURATION_MILLIS = 4_000;
    static final long CONFIDENT_DURATION_MILLIS = 10 * 60_000L;
    static final int MIN_POINTS = 8;
    static final int MIN_GC_POINTS = 4;
    static final double MIN_GROWTH_BYTES = 4 << 20;
    static final double MIN_GROWTH_THREADS = 16;

    private LeakRule() {
    }

    /** The better of R² (ramped 0.3 → 0.8) and Kendall's τ (ramped 0.25 → 0.5). */
    static double fit(Trend trend) {
        return Math.max(Stats.ramp(trend.r2, 0.3, 0.8), Stats.ramp(trend.kendallTau, 0.25, 0.5));
    }

    static boolean judgeable(Growth growth, int minPoints) {
        return growth.window.size >= minPoints && growth.windowMillis >= MIN_DURATION_MILLIS;
    }

    static double confidence(Growth growth, double minGrowth, int minPoints) {
        return confidence(growth, growth.growth(), minGrowth, minPoints);
    }

    /**
     * The same bar, with the amount of growth measured apart from the series' own trend (e.g. a
     * lower bound proven by a requested collection, while the trend gives the shape).
     */
    static double confidence(Growth growth, double amount, double minGrowth, int minPoints) {
        if (!judgeable(growth, minPoints) || growth.trend.slopePerMillis <= 0) {
            return 0;
        }
        double fit = fit(growth.trend);
        double size = amount >= minGrowth ? 0.85 + 0.15 * Stats.ramp(amount, minGrowth, 4 * minGrowth)
                : 0.4 * amount / minGrowth;
        double duration = 0.85 + 0.15 * Stats.ramp(growth.windowMillis, MIN_DURATION_MILLIS,
                CONFIDENT_DURATION_MILLIS);
        return Stats.clamp01(fit * size * growth.persistence() * duration);
    }
}
