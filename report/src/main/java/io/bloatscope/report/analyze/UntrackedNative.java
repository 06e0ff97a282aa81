package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;

/**
 * Native memory the JVM's own accounting does not cover (malloc by zlib, JNI libraries), as a
 * series, from the best source with enough points: malloc_info (JDK 18+), else the smaps arenas,
 * under jemalloc its own stats.allocated when the agent read them, else anonymous RSS, which every snapshot has.
 *
 * <p>From anonymous RSS: {@code RssAnon − heap resident − the JVM's own non-heap memory}. The
 * heap's resident part is measured by nothing; it is taken as its usage high-water mark (pages
 * are resident once touched, and the collectors reuse the regions they already touched), at most
 * its committed size. The JVM's own is NMT's committed total less the Java heap and the CDS archive
 * (committed is at least resident, so the absolute value is an underestimate), or without NMT the
 * metaspace, code cache and direct buffers, which leaves the JVM's internals in the series. The
 * level is therefore uncertain by the heap's committed-but-untouched pages and NMT's untouched
 * commitments; the <em>trend</em> is what is judged, and growth there is native memory outside the
 * JVM's accounting or glibc keeping more of it free (which plateaus; a leak does not).
 */
final class UntrackedNative {
    private UntrackedNative() {
    }

    static SourcedSeries series(RunView run) {
        boolean nmt = run.points(Column.NMT_MALLOC).size >= LeakRule.MIN_POINTS;
        if (run.facts.allocator.isGlibc()) {
            if (run.points(Column.MALLOC_IN_USE).size >= LeakRule.MIN_POINTS) {
                return new SourcedSeries(inUse(run, nmt), nmt ? "malloc_info in use + mmap − NMT malloc"
                        : "malloc_info in use + mmap (NMT off: the JVM's own malloc included)", SourcedSeries.Source.MALLOC_INFO);
            }
            if (run.points(Column.SMAPS_MAIN_ARENA).size >= LeakRule.MIN_POINTS) {
                return new SourcedSeries(arenasBeyondJvmMalloc(run, nmt), "smaps arena RSS − NMT malloc − what the JVM"
                        + " freed that glibc still keeps (no malloc_info on this JDK; retained free memory of other code is"
                        + " included)", SourcedSeries.Source.SMAPS);
            }
        }
        if (JemallocStats.present(run) && run.points(Column.JEMALLOC_ALLOCATED).size >= LeakRule.MIN_POINTS) {
            return new SourcedSeries(JemallocStats.inUseBeyondNmt(run, nmt), nmt ? "jemalloc stats.allocated − NMT malloc"
                    : "jemalloc stats.allocated (NMT off: the JVM's own malloc included)", SourcedSeries.Source.JEMALLOC);
        }
        Points anon = anonBeyondJvm(run, nmt);
        if (anon.size >= LeakRule.MIN_POINTS) {
            return new SourcedSeries(anon, "RssAnon − heap usage high-water (≤ committed) − "
                    + (nmt ? "NMT committed outside the heap" : "metaspace, code cache and direct buffers (NMT off: the"
                            + " JVM's internals included)")
                    + ", every snapshot; the level is uncertain by untouched heap and NMT commitments, the trend is judged",
                    SourcedSeries.Source.RSS_ANON);
        }
        return null;
    }

    static Points inUse(RunView run, boolean subtractNmt) {
        return beyondNmtMalloc(run, subtractNmt, Column.MALLOC_IN_USE, Column.MALLOC_MMAP);
    }

    /**
     * Per snapshot, the allocator's figure ({@code measured}, plus {@code alsoCounted} where present)
     * less NMT's malloc total when {@code subtractNmt}: malloc in use beyond the JVM's own.
     */
    static Points beyondNmtMalloc(RunView run, boolean subtractNmt, Column measured, Column alsoCounted) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long value = run.value(measured, i);
            long nmtMalloc = run.value(Column.NMT_MALLOC, i);
            if (value == ABSENT || (subtractNmt && nmtMalloc == ABSENT)) {
                continue;
            }
            long also = alsoCounted == null ? 0 : run.orZero(alsoCounted, i);
            b.add(run.columns.timeMillis(i), value + also - (subtractNmt ? nmtMalloc : 0));
        }
        return b.build();
    }

    /**
     * Arena RSS minus what the JVM's own malloc accounts for there: NMT's malloc total now, plus
     * what the JVM freed that glibc still keeps. glibc keeps freed memory (the JIT's compiler arenas
     * come and go by megabytes) and hands it out again before growing, so that kept part rises by
     * what the JVM frees and falls by what the JVM mallocs again and by what the arenas give back to
     * the OS. Subtracting only the current total would show the JVM's own churn as untracked growth;
     * subtracting its high-water mark instead hid a leak's growth whenever glibc did give the JVM's
     * freed memory back (JDK 17, InflaterLeak: NMT malloc fell by 10 MB, the arenas by 7 MB).
     */
    static Points arenasBeyondJvmMalloc(RunView run, boolean subtractNmt) {
        Points.Builder b = new Points.Builder();
        JvmFreedKept kept = new JvmFreedKept();
        for (int i = 0; i < run.size(); i++) {
            kept.nmtMalloc(run.value(Column.NMT_MALLOC, i));
            long main = run.value(Column.SMAPS_MAIN_ARENA, i);
            if (main == ABSENT) {
                continue;
            }
            long arenas = main + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, i);
            kept.resident(arenas);
            if (subtractNmt && kept.lastNmtMalloc == ABSENT) {
                continue;
            }
            b.add(run.columns.timeMillis(i), arenas - (subtractNmt ? kept.lastNmtMalloc + kept.bytes : 0));
        }
        return b.build();
    }

    /** The smaps arenas' RSS beyond NMT's malloc total (all of it without NMT). */
    static Points arenasBeyondNmt(RunView run, boolean subtractNmt) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long main = run.value(Column.SMAPS_MAIN_ARENA, i);
            long nmtMalloc = run.value(Column.NMT_MALLOC, i);
            if (main == ABSENT || (subtractNmt && nmtMalloc == ABSENT)) {
                continue;
            }
            b.add(run.columns.timeMillis(i), main + run.orZero(Column.SMAPS_ARENA_HEAP_RSS, i) - (subtractNmt ? nmtMalloc : 0));
        }
        return b.build();
    }

    /**
     * Anonymous RSS beyond the heap's resident estimate, the JVM's own non-heap memory and what the
     * JVM freed that glibc still keeps (the same model as {@link #arenasBeyondJvmMalloc}: NMT's malloc
     * falling is memory freed that stays resident until reused or given back), per snapshot.
     */
    static Points anonBeyondJvm(RunView run, boolean nmt) {
        Points.Builder b = new Points.Builder();
        JvmOwn own = new JvmOwn(nmt);
        JvmFreedKept kept = new JvmFreedKept();
        for (int i = 0; i < run.size(); i++) {
            if (nmt) {
                kept.nmtMalloc(run.value(Column.NMT_MALLOC, i));
            }
            long anon = run.value(Column.RSS_ANON, i);
            if (anon != ABSENT) {
                kept.resident(anon);
            }
            long jvm = own.at(run, i);
            if (anon != ABSENT && jvm != ABSENT) {
                b.add(run.columns.timeMillis(i), anon - jvm - kept.bytes);
            }
        }
        return b.build();
    }

    /**
     * How much anonymous RSS grew after {@code fromMillis} beyond what the JVM's own estimated memory
     * (heap resident estimate and non-heap, as {@link #anonBeyondJvm} subtracts them) could account for
     * in the same intervals: a rise while the JVM's own rose counts only beyond its rise, weighed as
     * 1 + {@link AnonGrowthCheck#HEAP_OVERHEAD} for the heap's pages and {@link #GLIBC_OVERHEAD} for
     * the JVM's malloc, a fall while the JVM's own fell (the JVM giving memory back) only beyond as
     * much of the JVM's fall, anything else in full. Native memory that grows is resident and shows
     * here; growth of the series that does not is what it subtracts moving, glibc serving the JVM fresh
     * pages and taking them back, say, which the kept-memory model reads as a step that never comes down.
     */
    /**
     * How much anonymous RSS the JVM's own malloc can take per byte NMT counts: glibc's chunk headers,
     * rounding to pages and a new thread's arena add to it (a C2 burst on JDK 17: NMT +4.6 MB, anonymous
     * RSS +7.4 MB, then NMT +7.8 MB, anonymous RSS +7.9 MB).
     */
    static final double GLIBC_OVERHEAD = 2;

    static double anonGrowthBeyondJvmMoves(RunView run, boolean nmt, long fromMillis) {
        JvmOwn own = new JvmOwn(nmt);
        long lastAnon = ABSENT;
        long lastJvm = ABSENT;
        long lastHeap = ABSENT;
        double sum = 0;
        for (int i = 0; i < run.size(); i++) {
            long anon = run.value(Column.RSS_ANON, i);
            long jvm = own.at(run, i);
            if (anon == ABSENT || jvm == ABSENT) {
                continue;
            }
            long heap = own.heap;
            if (lastAnon != ABSENT && run.columns.timeMillis(i) > fromMillis) {
                long anonStep = anon - lastAnon;
                long heapStep = heap - lastHeap;
                long nonHeapStep = (jvm - heap) - (lastJvm - lastHeap);
                // The heap's pages come one for one with its usage (its side tables add a little); the
                // JVM's malloc may take up to twice what NMT counts. Weighing the heap's rise like malloc
                // hid a zlib leak beside a heap filling with no collection: every interval moved both.
                double jvmShare = (1 + AnonGrowthCheck.HEAP_OVERHEAD) * heapStep + GLIBC_OVERHEAD * nonHeapStep;
                if (anonStep > 0 && jvmShare > 0) {
                    sum += Math.max(0, anonStep - jvmShare);
                } else if (anonStep < 0 && jvmShare < 0) {
                    sum += Math.min(0, anonStep - jvmShare);
                } else {
                    sum += anonStep;
                }
            }
            lastAnon = anon;
            lastJvm = jvm;
            lastHeap = heap;
        }
        return sum;
    }

    /**
     * The JVM's own memory in anonymous RSS as the RSS basis estimates it, row by row in time order:
     * the heap's resident part (its usage high-water, at most committed) and its non-heap memory.
     */
    private static final class JvmOwn {
        private final boolean nmt;
        private long usedHighWater;
        /** The heap's part of the last estimate {@link #at} returned. */
        long heap;

        JvmOwn(boolean nmt) {
            this.nmt = nmt;
        }

        /** The estimate at {@code row}, or ABSENT when the row lacks a figure it needs. */
        long at(RunView run, int row) {
            long used = run.value(Column.HEAP_USED, row);
            if (used != ABSENT) {
                usedHighWater = Math.max(usedHighWater, used);
            }
            long jvm = jvmNonHeap(run, row, nmt);
            if (used == ABSENT || jvm == ABSENT) {
                return ABSENT;
            }
            long committed = run.value(Column.HEAP_COMMITTED, row);
            heap = committed == ABSENT ? usedHighWater : Math.min(committed, usedHighWater);
            return heap + jvm;
        }
    }

    /**
     * A lower bound on anonymous memory outside the JVM's own, per snapshot: RssAnon less the heap's
     * <em>committed</em> size and NMT's committed non-heap total (each at least what it has
     * resident), or without NMT the memory pools' committed sizes and direct buffers (then the JVM's
     * internals are inside it). What it holds is malloc'd by native code, in use or freed and kept
     * by the allocator, or mapped by native code directly.
     */
    static Points anonBeyondJvmAtLeast(RunView run, boolean nmt) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < run.size(); i++) {
            long anon = run.value(Column.RSS_ANON, i);
            long committed = run.value(Column.HEAP_COMMITTED, i);
            long jvm = jvmNonHeap(run, i, nmt);
            if (anon == ABSENT || committed == ABSENT || jvm == ABSENT) {
                continue;
            }
            b.add(run.columns.timeMillis(i), Math.max(0, anon - committed - jvm));
        }
        return b.build();
    }

    /**
     * The JVM's own committed memory outside the heap in a snapshot: NMT's committed total less the
     * Java heap and the (file-mapped) CDS archive, or without NMT the memory pools' committed sizes
     * and direct buffers; ABSENT when NMT is on but this snapshot has no reading.
     */
    private static long jvmNonHeap(RunView run, int row, boolean nmt) {
        if (nmt) {
            long total = run.value(Column.NMT_COMMITTED, row);
            return total == ABSENT ? ABSENT
                    : total - run.orZero(Column.NMT_HEAP, row) - run.orZero(Column.NMT_SHARED_CLASS, row);
        }
        return run.orZero(Column.METASPACE_COMMITTED, row) + run.orZero(Column.CLASS_SPACE_COMMITTED, row)
                + run.orZero(Column.CODE_CACHE_COMMITTED, row) + run.orZero(Column.DIRECT_USED, row);
    }

    /**
     * What the JVM freed that glibc still keeps, followed over a run: NMT's malloc total falling is
     * memory freed that stays resident; the JVM mallocing again reuses it, and the resident figure
     * falling (glibc giving pages back) takes it away.
     */
    private static final class JvmFreedKept {
        long bytes;
        long lastNmtMalloc = ABSENT;
        private long lastResident = ABSENT;

        void nmtMalloc(long nmtMalloc) {
            if (nmtMalloc == ABSENT) {
                return;
            }
            if (lastNmtMalloc != ABSENT) {
                bytes = Math.max(0, bytes + lastNmtMalloc - nmtMalloc);
            }
            lastNmtMalloc = nmtMalloc;
        }

        void resident(long resident) {
            if (lastResident != ABSENT && resident < lastResident) {
                bytes = Math.max(0, bytes - (lastResident - resident));
            }
            lastResident = resident;
        }
    }

    /**
     * Of the native memory outside NMT, the share known to be free and kept by glibc over the
     * points at or after {@code fromMillis}, or -1 when no source tells: malloc_info's free bytes
     * against in use + free (JDK 18+); on JDK 17 what the JVM itself freed (NMT saw it go) that the
     * arenas still hold, against the arenas beyond NMT's malloc.
     */
    static double keptShare(RunView run, long fromMillis) {
        if (JemallocStats.present(run)) {
            return JemallocStats.keptShare(run, fromMillis);
        }
        boolean nmt = run.points(Column.NMT_MALLOC).size > 0;
        double kept = 0;
        double all = 0;
        if (run.points(Column.MALLOC_FREE).size > 0) {
            for (int i = 0; i < run.size(); i++) {
                long free = run.value(Column.MALLOC_FREE, i);
                long inUse = run.value(Column.MALLOC_IN_USE, i);
                if (free == ABSENT || inUse == ABSENT || run.columns.timeMillis(i) < fromMillis) {
                    continue;
                }
                long outside = inUse + run.orZero(Column.MALLOC_MMAP, i) - (nmt ? run.orZero(Column.NMT_MALLOC, i) : 0);
                kept += free;
                all += free + Math.max(0, outside);
            }
            return all <= 0 ? -1 : kept / all;
        }
        if (nmt && run.points(Column.SMAPS_MAIN_ARENA).size > 0) {
            Points beyond = arenasBeyondNmt(run, true).from(fromMillis);
            Points unexplained = arenasBeyondJvmMalloc(run, true).from(fromMillis);
            for (int i = 0; i < beyond.size && i < unexplained.size; i++) {
                all += Math.max(0, beyond.values[i]);
                kept += Math.max(0, beyond.values[i] - Math.max(0, unexplained.values[i]));
            }
            return all <= 0 ? -1 : kept / all;
        }
        return -1;
    }
}
