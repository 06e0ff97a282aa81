package io.bloatscope.report.analyze;

/**
 * A native-memory series a verdict judges (and the report charts), with where it came from: the
 * same quantity is read from malloc_info on JDK 18+ and estimated from the smaps arenas on JDK 17,
 * and the verdicts weigh and word the two differently.
 */
final class SourcedSeries {
    final Points points;
    /** How the series was derived, for the verdict's evidence. */
    final String basis;
    /** From the smaps arenas' RSS: resident by definition, but mixing in what malloc_info would tell apart. */
    final boolean fromSmaps;

    SourcedSeries(Points points, String basis, boolean fromSmaps) {
        this.points = points;
        this.basis = basis;
        this.fromSmaps = fromSmaps;
    }
}
