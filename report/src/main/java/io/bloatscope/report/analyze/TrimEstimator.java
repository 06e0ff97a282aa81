package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.TrimEstimate;
import io.bloatscope.report.read.Column;

/**
 * What {@code malloc_trim(0)} would give back at the end of the run, for every report whatever its
 * verdict (a healthy service can still hold tens of MB a trim returns). Best source first:
 * <ul>
 * <li>malloc_info (JDK 18+): free bytes lying in whole pages of free chunks (see FreeChunkPages);
 * the range is ±25% for where chunks sit against page boundaries (measured: 495 MB predicted, 493
 * MB released on MallocBloat, JDK 25). malloc_info cannot tell pages a trim already released from
 * resident ones, so after a trim probe the low end subtracts what it released;
 * <li>smaps and NMT (JDK 17): the arenas' RSS beyond NMT's malloc, an <em>upper bound</em> (it
 * also holds malloc in use by native code), low 0;
 * <li>a trim probe in the run ({@code trim}), what it released when it ran.
 * </ul>
 * Another allocator than glibc, or none of these sources: no estimate, and the basis says why. Under
 * jemalloc with its statistics, {@code allocatorPurge} says what jemalloc's own purge would give
 * back (its dirty pages, see {@link JemallocStats}), marked as jemalloc's, not malloc_trim's.
 */
final class TrimEstimator {
    static final double RANGE = 0.25;

    private TrimEstimator() {
    }

    static TrimEstimate of(RunView run) {
        if (!run.facts.allocator.isGlibc()) {
            String why = "the allocator is " + run.facts.allocator.describe()
                    + ": malloc_trim is glibc's and would give back nothing of it";
            int row = JemallocStats.present(run) ? run.latestRowWith(Column.JEMALLOC_RESIDENT) : -1;
            long[] purge = row >= 0 ? JemallocStats.purgeable(run, row) : null;
            if (purge != null) {
                return TrimEstimate.unknown(why).withAllocatorPurge(new TrimEstimate(purge[0], purge[0], purge[1],
                        "jemalloc's own purge, not malloc_trim: its dirty pages, which a purge (mallctl arena.<i>.purge)"
                                + " or decay (MALLOC_CONF=dirty_decay_ms, background_thread:true) returns to the OS:"
                                + " stats.resident − stats.active − stats.metadata, at most resident − active"));
            }
            return TrimEstimate.unknown(why + ("jemalloc".equals(run.facts.allocator.name) ? "; what jemalloc's own"
                    + " purge would give back needs its statistics: agent option allocatorStats=on on JDK 22+" : ""));
        }
        String probe = probe(run);
        int row = run.latestRowWith(Column.MALLOC_FREE_WHOLE_PAGES);
        if (row >= 0 && run.columns.complete(row)) {
            long wholePages = run.value(Column.MALLOC_FREE_WHOLE_PAGES, row);
            long free = run.value(Column.MALLOC_FREE, row);
            long releasedBefore = releasedAtOrBefore(run, row);
            if (releasedBefore > 0) {
                // Pages a trim released stay "free" in malloc_info until reused: up to that much
                // of the estimate may no longer be resident.
                return new TrimEstimate(wholePages, Math.max(0, wholePages - releasedBefore), wholePages,
                        "malloc_info: free bytes in whole pages of free chunks; an earlier trim released "
                                + Sizes.of(releasedBefore) + ", which may still count as free, so the low end subtracts it"
                                + probe);
            }
            long high = Math.max(Math.round(wholePages * (1 + RANGE)), free == ABSENT ? wholePages : free);
            return new TrimEstimate(wholePages, Math.round(wholePages * (1 - RANGE)), high,
                    "malloc_info: free bytes in whole pages of free chunks; ±25% for where chunks sit against page"
                            + " boundaries, at most all free bytes" + probe);
        }
        int info = run.latestRowWith(Column.MALLOC_FREE);
        if (info >= 0 && run.columns.complete(info)) {
            long upper = Math.min(run.value(Column.MALLOC_FREE, info), new Ledger(run.columns).entry(info).bytes(LedgerPart.MALLOC_RETAINED));
            return new TrimEstimate(upper, 0L, upper, "upper bound: malloc_info's free bytes resident (the run's"
                    + " snapshots have no free-chunk histogram to tell whole pages from small holes)" + probe);
        }
        int smaps = run.latestRowWith(Column.SMAPS_MAIN_ARENA);
        if (smaps >= 0 && run.columns.has(Column.NMT_MALLOC, smaps)) {
            long upper = Math.max(0, run.value(Column.SMAPS_MAIN_ARENA, smaps) + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, smaps)
                    - run.value(Column.NMT_MALLOC, smaps));
            return new TrimEstimate(upper, 0L, upper, "upper bound (no malloc_info on this JDK): the smaps arenas' RSS"
                    + " beyond NMT's malloc, which also holds malloc in use by native code" + probe);
        }
        int trimRow = run.latestRowWith(Column.TRIM_RELEASED);
        if (trimRow >= 0) {
            long released = run.value(Column.TRIM_RELEASED, trimRow);
            return new TrimEstimate(released, released, released, "what the last trim probe released, "
                    + Math.round((run.endMillis - run.columns.timeMillis(trimRow)) / 1000.0)
                    + " s before the end (no malloc_info or smaps with NMT to estimate it now)");
        }
        return TrimEstimate.unknown("no malloc_info (JDK 18+), no smaps read with NMT on, and no trim probe in the run:"
                + " run with smaps=10s and -XX:NativeMemoryTracking=summary, or trim=on");
    }

    private static String probe(RunView run) {
        int row = run.latestRowWith(Column.TRIM_RELEASED);
        return row < 0 ? "" : "; a trim probe " + Math.round((run.endMillis - run.columns.timeMillis(row)) / 1000.0)
                + " s before the end released " + Sizes.of(run.value(Column.TRIM_RELEASED, row));
    }

    /** What trim probes released up to and including {@code row}, summed; 0 when none ran. */
    private static long releasedAtOrBefore(RunView run, int row) {
        long total = 0;
        for (int i = 0; i <= row; i++) {
            long released = run.value(Column.TRIM_RELEASED, i);
            if (released != ABSENT) {
                total += Math.max(0, released);
            }
        }
        return total;
    }
}
