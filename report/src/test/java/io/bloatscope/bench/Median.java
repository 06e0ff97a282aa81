package io.bloatscope.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median the benchmarks report: these machines are noisy, so no mean. */
final class Median {
    private Median() {
    }

    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
