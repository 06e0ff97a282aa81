package io.bloatscope.report.analyze;

import java.util.Arrays;

/** Order statistics the estimators share. */
final class Stats {
    private Stats() {
    }

    /** Median of the first {@code n} values; sorts them in place. */
    static double median(double[] values, int n) {
        if (n == 0) {
            return 0;
        }
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static double clamp01(double x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }

    /** 0 at {@code zeroAt}, 1 at {@code oneAt}, linear between (either direction). */
    static double ramp(double x, double zeroAt, double oneAt) {
        return clamp01((x - zeroAt) / (oneAt - zeroAt));
    }
}
