package io.bloatscope.agent.core;

/**
 * The growth rate that led to a capture: a least-squares slope of the usage figure over the
 * readings of the last {@link #WINDOW_MILLIS}, kept in a fixed ring (at most {@link #CAPACITY}
 * readings, the oldest overwritten), so its memory is bounded whatever the interval.
 */
final class GrowthWindow {
    static final long WINDOW_MILLIS = 60_000;
    static final int CAPACITY = 128;

    private final long[] times = new long[CAPACITY];
    private final long[] bytes = new long[CAPACITY];
    private int next;
    private int size;
    private double slopeBytesPerMilli = Double.NaN;
    private long spanMillis;
    private int points;

    void add(long timeMillis, long usageBytes) {
        times[next] = timeMillis;
        bytes[next] = usageBytes;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
        fit(timeMillis);
    }

    /** Bytes per minute over the window, NaN with fewer than two readings in it. */
    double bytesPerMinute() {
        return slopeBytesPerMilli * 60_000;
    }

    /** Time between the oldest and the newest reading the rate rests on. */
    long spanMillis() {
        return spanMillis;
    }

    int points() {
        return points;
    }

    private void fit(long nowMillis) {
        double sumT = 0;
        double sumB = 0;
        int n = 0;
        long oldest = nowMillis;
        for (int i = 0; i < size; i++) {
            if (nowMillis - times[i] <= WINDOW_MILLIS) {
                sumT += times[i] - nowMillis;
                sumB += bytes[i];
                oldest = Math.min(oldest, times[i]);
                n++;
            }
        }
        points = n;
        spanMillis = nowMillis - oldest;
        if (n < 2 || spanMillis == 0) {
            slopeBytesPerMilli = Double.NaN;
            return;
        }
        double meanT = sumT / n;
        double meanB = sumB / n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < size; i++) {
            if (nowMillis - times[i] <= WINDOW_MILLIS) {
                double t = times[i] - nowMillis - meanT;
                covariance += t * (bytes[i] - meanB);
                variance += t * t;
            }
        }
        slopeBytesPerMilli = variance == 0 ? Double.NaN : covariance / variance;
    }
}
