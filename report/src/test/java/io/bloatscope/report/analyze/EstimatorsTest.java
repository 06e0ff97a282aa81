package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class EstimatorsTest {
    static final double MB = 1 << 20;

    static Points series(int n, long stepMillis, LongToDoubleFunction valueAtMillis) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < n; i++) {
            b.add(i * stepMillis, valueAtMillis.applyAsDouble(i * stepMillis));
        }
        return b.build();
    }

    @Test
    void theilSenIgnoresOutliers() {
        // 1 MB/s with every tenth point a 50 MB spike
        Points p = series(100, 1000, t -> 100 * MB + t / 1000.0 * MB + ((t / 1000) % 10 == 0 ? 50 * MB : 0));
        Trend trend = Trend.of(p);
        assertEquals(60 * MB, trend.perMinute(), 0.01 * MB);
        assertTrue(trend.kendallTau > 0.7, "tau " + trend.kendallTau);
    }

    @Test
    void flatNoiseHasNoSlopeAndNoFit() {
        SplittableRandom random = new SplittableRandom(1);
        Points p = series(200, 1000, t -> 100 * MB + random.nextDouble(-5, 5) * MB);
        Trend trend = Trend.of(p);
        assertEquals(0, trend.perMinute(), 3 * MB);
        assertTrue(trend.r2 < 0.3);
        assertTrue(Math.abs(trend.kendallTau) < 0.25, "tau " + trend.kendallTau);
    }

    @Test
    void longSeriesAreReducedBeforePairwiseSlopes() {
        Points p = series(605_000, 1000, t -> t / 1000.0 * 1024);
        long start = System.nanoTime();
        Trend trend = Trend.of(p);
        assertEquals(60 * 1024, trend.perMinute(), 1);
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void growthThatPlateausAfterWarmUpIsNotALeak() {
        // fills a cache for 3 minutes, then flat for 7: the warm-up cut alone would still see growth
        Points p = series(600, 1000, t -> 50 * MB + Math.min(t, 180_000) / 1000.0 * MB);
        Growth growth = Growth.judge(p, 0, 599_000);
        assertTrue(p.last() - p.first() > 100 * MB, "the series did grow");
        assertTrue(LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS) < 0.5);
    }

    @Test
    void aSummarySaysHowTheGrowthEnds() {
        Points rising = series(600, 1000, t -> 50 * MB + t / 1000.0 * 0.2 * MB);
        assertEquals(" and does not level off", Growth.judge(rising, 0, 599_000).endClause());
        Points levelled = series(600, 1000, t -> 50 * MB + Math.min(t, 300_000) / 1000.0 * 0.2 * MB);
        assertEquals(", then levels off (flat for the last 317 s)", Growth.judge(levelled, 0, 599_000).endClause());
        Points paused = series(600, 1000, t -> 50 * MB + Math.min(t, 500_000) / 1000.0 * 0.2 * MB);
        assertTrue(Growth.judge(paused, 0, 599_000).endClause().contains("too short to call it a plateau"));
    }

    @Test
    void steadyGrowthWithNoiseIsALeak() {
        SplittableRandom random = new SplittableRandom(2);
        Points p = series(600, 1000, t -> 50 * MB + t / 1000.0 * 0.2 * MB + random.nextDouble(-2, 2) * MB);
        Growth growth = Growth.judge(p, 0, 599_000);
        assertFalse(growth.plateaued());
        double confidence = LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS);
        assertTrue(confidence >= 0.85, "confidence " + confidence);
    }

    @Test
    void growthBelowTheMinimumSizeStaysUnderTheBar() {
        Points p = series(600, 1000, t -> 50 * MB + t / 599_000.0 * 2 * MB);
        Growth growth = Growth.judge(p, 0, 599_000);
        assertTrue(LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS) < 0.4);
    }

    @Test
    void tooShortAWindowIsNotJudged() {
        Points p = series(10, 300, t -> t * MB);
        Growth growth = Growth.judge(p, 0, 2700);
        assertFalse(LeakRule.judgeable(growth, LeakRule.MIN_POINTS));
        assertEquals(0, LeakRule.confidence(growth, LeakRule.MIN_GROWTH_BYTES, LeakRule.MIN_POINTS));
    }

    @Test
    void thinningKeepsSpikes() {
        Points p = series(100_000, 1000, t -> t == 55_555_000 ? 999 : 1);
        Points thin = Thinning.keepExtremes(p, 1000);
        assertTrue(thin.size <= 1000);
        assertEquals(999, thin.max());
    }
}
