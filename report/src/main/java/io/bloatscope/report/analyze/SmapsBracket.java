package io.bloatscope.report.analyze;

/**
 * Two smaps reads around a judged window that holds fewer than two of its own: the last read before
 * the window and the last in it. The default cadence (smaps=auto) reads at the first tick and at exit,
 * so a short run's window after warm-up holds only the exit's read.
 *
 * <p>Over those same two read times it sets glibc's arenas beyond the JVM's malloc (resident malloc
 * memory of code other than the JVM's) against anonymous memory beyond the JVM's (the series being
 * judged). Arenas that stayed flat while the series grew <em>refute</em> malloc growth in the window,
 * which lies inside the span. The span also holds part of warm-up, whose own native growth (class
 * loading, the JIT's first compilations) can make the arenas grow, so growing arenas confirm nothing
 * here; only the refutation is taken. (A fall of the arenas during warm-up matched by a rise in the
 * window would hide that rise; glibc seldom gives arena pages back that early, and the refutation
 * also needs the series to have grown over the span.)
 */
final class SmapsBracket {
    final double arenaGrowthBytes;
    final double seriesGrowthBytes;
    final long spanMillis;

    private SmapsBracket(double arenaGrowthBytes, double seriesGrowthBytes, long spanMillis) {
        this.arenaGrowthBytes = arenaGrowthBytes;
        this.seriesGrowthBytes = seriesGrowthBytes;
        this.spanMillis = spanMillis;
    }

    /**
     * The bracket around the window from {@code fromMillis}, or null when there is no read before it,
     * none in it, or the two are too close to follow a trend.
     */
    static SmapsBracket around(RunView run, Points series, long fromMillis, boolean nmt) {
        Points arenas = UntrackedNative.arenasBeyondJvmMalloc(run, nmt);
        Points before = arenas.before(fromMillis - 1);
        Points in = arenas.from(fromMillis);
        if (before.isEmpty() || in.isEmpty()) {
            return null;
        }
        long startMillis = before.timesMillis[before.size - 1];
        long endMillis = in.timesMillis[in.size - 1];
        double seriesStart = valueAt(series, startMillis);
        double seriesEnd = valueAt(series, endMillis);
        if (endMillis - startMillis < LeakRule.MIN_DURATION_MILLIS || Double.isNaN(seriesStart) || Double.isNaN(seriesEnd)) {
            return null;
        }
        return new SmapsBracket(in.last() - before.last(), seriesEnd - seriesStart, endMillis - startMillis);
    }

    /**
     * Whether the arenas refute malloc as the cause of {@code judgedGrowthBytes}: the series grew over
     * the bracket by at least half of it, and the arenas by less than half of either.
     */
    boolean refutes(double judgedGrowthBytes) {
        return seriesGrowthBytes >= 0.5 * judgedGrowthBytes
                && arenaGrowthBytes < 0.5 * Math.min(seriesGrowthBytes, judgedGrowthBytes);
    }

    String describe() {
        return "smaps read before the window and at its end, " + spanMillis / 1000 + " s apart: glibc's arenas beyond"
                + " the JVM's malloc grew by " + Sizes.of(arenaGrowthBytes) + " while anonymous memory beyond the JVM's"
                + " grew by " + Sizes.of(seriesGrowthBytes) + " between the same reads";
    }

    private static double valueAt(Points points, long timeMillis) {
        for (int i = 0; i < points.size; i++) {
            if (points.timesMillis[i] == timeMillis) {
                return points.values[i];
            }
        }
        return Double.NaN;
    }
}
