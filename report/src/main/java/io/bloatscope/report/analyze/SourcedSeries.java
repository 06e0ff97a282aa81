package io.bloatscope.report.analyze;

/**
 * A native-memory series a verdict judges (and the report charts), with where it came from: the
 * same quantity is read from malloc_info on JDK 18+, estimated from the smaps arenas on JDK 17, and
 * as a last resort inferred from anonymous RSS in every snapshot; the verdicts weigh and word them
 * differently.
 */
final class SourcedSeries {
    enum Source {
        /** malloc_info's in-use bytes: exact, but allocated is not resident. */
        MALLOC_INFO,
        /** The smaps arenas' RSS: resident, but holding free memory glibc keeps too. */
        SMAPS,
        /** jemalloc's stats.allocated (agent allocatorStats): exact, like malloc_info's. */
        JEMALLOC,
        /** RssAnon less the heap's and the JVM's own: in every snapshot, with stated uncertainty. */
        RSS_ANON
    }

    final Points points;
    /** How the series was derived, for the verdict's evidence. */
    final String basis;
    final Source source;

    SourcedSeries(Points points, String basis, Source source) {
        this.points = points;
        this.basis = basis;
        this.source = source;
    }
}
