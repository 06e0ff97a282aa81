package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;

/**
 * jemalloc's own statistics, when the agent read them (the snapshot's {@code jemalloc} section:
 * agent option {@code allocatorStats}, JDK 22+, a process on jemalloc). They replace glibc's
 * figures for the malloc parts of the ledger:
 * <ul>
 * <li>in use: {@code stats.allocated} less NMT's malloc total (a preloaded jemalloc serves the JVM's
 * own malloc too, which NMT already puts in its categories);
 * <li>kept: {@code stats.resident − stats.allocated}: dirty pages not yet purged, the free room of
 * active pages (fragmentation) and jemalloc's metadata;
 * <li>what jemalloc's own purge ({@code arena.<i>.purge}, or decay) could give back now: the dirty
 * pages, {@code resident − active − metadata} at least, {@code resident − active} at most.
 * </ul>
 * What these figures cannot see: memory native code maps itself ({@code mmap}) or allocates through
 * another allocator, and glibc's own arenas (a library linked to glibc's symbols directly).
 */
final class JemallocStats {
    /** Said wherever a verdict rests on these figures. */
    static final String BLIND_SPOT = "jemalloc's statistics do not see memory native code maps itself (mmap) or"
            + " allocates outside jemalloc";

    private JemallocStats() {
    }

    /** The run is on jemalloc and has its statistics. */
    static boolean present(RunView run) {
        return "jemalloc".equals(run.facts.allocator.name) && run.points(Column.JEMALLOC_RESIDENT).size > 0;
    }

    /** resident − allocated in a row (what jemalloc keeps beyond what is allocated), or ABSENT. */
    static long kept(RunView run, int row) {
        long resident = run.value(Column.JEMALLOC_RESIDENT, row);
        long allocated = run.value(Column.JEMALLOC_ALLOCATED, row);
        return resident == ABSENT || allocated == ABSENT ? ABSENT : Math.max(0, resident - allocated);
    }

    /** stats.allocated less NMT's malloc (when subtracted), per snapshot: malloc in use outside NMT. */
    static Points inUseBeyondNmt(RunView run, boolean subtractNmt) {
        return UntrackedNative.beyondNmtMalloc(run, subtractNmt, Column.JEMALLOC_ALLOCATED, null);
    }

    /** resident − allocated per snapshot. */
    static Points kept(RunView run) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long kept = kept(run, i);
            if (kept != ABSENT) {
                b.add(run.columns.timeMillis(i), kept);
            }
        }
        return b.build();
    }

    /**
     * Of the memory jemalloc holds beyond NMT's malloc, the share it keeps (resident − allocated)
     * over the points at or after {@code fromMillis}; -1 when none.
     */
    static double keptShare(RunView run, long fromMillis) {
        boolean nmt = run.points(Column.NMT_MALLOC).size > 0;
        double kept = 0;
        double all = 0;
        for (int i = 0; i < run.size(); i++) {
            long k = kept(run, i);
            if (k == ABSENT || run.columns.timeMillis(i) < fromMillis) {
                continue;
            }
            long inUse = run.value(Column.JEMALLOC_ALLOCATED, i) - (nmt ? run.orZero(Column.NMT_MALLOC, i) : 0);
            kept += k;
            all += k + Math.max(0, inUse);
        }
        return all <= 0 ? -1 : kept / all;
    }

    /** Dirty pages jemalloc's purge could return in a row: {low, high}, or null without the figures. */
    static long[] purgeable(RunView run, int row) {
        long resident = run.value(Column.JEMALLOC_RESIDENT, row);
        long active = run.value(Column.JEMALLOC_ACTIVE, row);
        if (resident == ABSENT || active == ABSENT) {
            return null;
        }
        long high = Math.max(0, resident - active);
        long low = Math.max(0, high - run.orZero(Column.JEMALLOC_METADATA, row));
        return new long[] {low, high};
    }
}
