package io.bloatscope.report.analyze;

/** Thins a series for charts: per bucket its lowest and highest point, in time order, so spikes survive. */
final class Thinning {
    private Thinning() {
    }

    static Points keepExtremes(Points p, int maxPoints) {
        if (p.size <= maxPoints) {
            return p;
        }
        int buckets = maxPoints / 2;
        Points.Builder out = new Points.Builder();
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) p.size * b / buckets);
            int to = (int) ((long) p.size * (b + 1) / buckets);
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (p.values[i] < p.values[lo]) {
                    lo = i;
                }
                if (p.values[i] > p.values[hi]) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            out.add(p.timesMillis[first], p.values[first]);
            if (second != first) {
                out.add(p.timesMillis[second], p.values[second]);
            }
        }
        return out.build();
    }
}
