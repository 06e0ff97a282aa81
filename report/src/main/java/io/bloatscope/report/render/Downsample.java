package io.bloatscope.report.render;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * Picks the points worth drawing from a long series: per time bucket (about one per two pixels)
 * the points with the lowest and the highest value, in time order. A week at 1 s (605,000 points)
 * becomes at most two per bucket, and every spike and dip still shows, unlike averaging or taking
 * every n-th point.
 */
final class Downsample {
    private Downsample() {
    }

    /**
     * Indices of the points to draw, ascending. Series shorter than twice the buckets are kept
     * whole. Times must be ascending.
     */
    static int[] minMax(int count, IntToLongFunction time, IntToDoubleFunction value, int buckets) {
        if (count <= 2 * buckets) {
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            return all;
        }
        long first = time.applyAsLong(0);
        double span = Math.max(1, time.applyAsLong(count - 1) - first);
        int[] picked = new int[2 * buckets + 2];
        int size = 0;
        int bucketStart = 0;
        while (bucketStart < count) {
            int bucket = bucketOf(time.applyAsLong(bucketStart), first, span, buckets);
            int min = bucketStart;
            int max = bucketStart;
            int i = bucketStart + 1;
            while (i < count && bucketOf(time.applyAsLong(i), first, span, buckets) == bucket) {
                double v = value.applyAsDouble(i);
                if (v < value.applyAsDouble(min)) {
                    min = i;
                }
                if (v > value.applyAsDouble(max)) {
                    max = i;
                }
                i++;
            }
            if (size + 2 > picked.length) {
                picked = Arrays.copyOf(picked, picked.length * 2);
            }
            picked[size++] = Math.min(min, max);
            if (min != max) {
                picked[size++] = Math.max(min, max);
            }
            bucketStart = i;
        }
        // The last point is always drawn, so the chart ends where the run ended.
        if (picked[size - 1] != count - 1) {
            picked = Arrays.copyOf(picked, size + 1);
            picked[size++] = count - 1;
        }
        return Arrays.copyOf(picked, size);
    }

    private static int bucketOf(long time, long first, double span, int buckets) {
        return (int) Math.min(buckets - 1, (time - first) / span * buckets);
    }
}
