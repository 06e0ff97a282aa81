package io.bloatscope.agent.jvm;

import io.bloatscope.format.text.LineCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * glibc's {@code malloc_info(3)} XML, as {@code System.native_heap_info} prints it (JDK 18+):
 * per arena the free bytes glibc holds and the memory it got from the system, which together give
 * what the application really has in use and what glibc retains.
 *
 * <p>Accounting, checked against glibc's {@code __malloc_info} (malloc/malloc.c): {@code fast} is
 * the fastbin chunks; {@code rest} is every chunk in the regular bins (unsorted, small, large)
 * <em>plus the arena's top chunk</em> ("Account for top chunk" in {@code __malloc_info}; added in
 * 2019 by the fix for glibc BZ #24026, before which "rest" missed the top chunk and in-use came out
 * too high on older glibc). {@code system current} is the arena's
 * {@code system_mem}. So in-use = system current − fast − rest, per arena and in total. Chunks
 * cached in a thread's tcache count as in use, as glibc does not report them. Allocations
 * above the mmap threshold live outside the arenas and appear only in the global
 * {@code <total type="mmap">}.
 *
 * <p>The {@code <size>} and {@code <unsorted>} elements describe free chunks (fastbins and bins,
 * not the top chunk) by size range. The scanner reads glibc's fixed one-element-per-line output
 * with a line cursor instead of an XML parser, which would be a heavy dependency for the agent;
 * unknown elements are skipped.
 */
final class MallocInfo {
    final List<Arena> arenas;
    /** Free-chunk ranges over all arenas, equal [from, to] merged, ordered by from then to. */
    final List<Bucket> freeChunkBuckets;
    final long freeFastBytes;
    final long freeRestBytes;
    final long systemCurrentBytes;
    final long systemMaxBytes;
    final long mmapCount;
    final long mmapBytes;

    private MallocInfo(List<Arena> arenas, List<Bucket> buckets, long[] totals) {
        this.arenas = List.copyOf(arenas);
        this.freeChunkBuckets = List.copyOf(buckets);
        this.freeFastBytes = totals[0];
        this.freeRestBytes = totals[1];
        this.systemCurrentBytes = totals[2];
        this.systemMaxBytes = totals[3];
        this.mmapCount = totals[4];
        this.mmapBytes = totals[5];
    }

    long freeBytes() {
        return freeFastBytes + freeRestBytes;
    }

    /** In use in the arenas, excluding mmap'ed chunks (see {@link #mmapBytes}). */
    long inUseBytes() {
        return systemCurrentBytes - freeBytes();
    }

    static final class Arena {
        final long id;
        final long freeFastBytes;
        final long freeFastCount;
        final long freeRestBytes;
        final long freeRestCount;
        final long systemCurrentBytes;
        final long systemMaxBytes;

        private Arena(long id, long[] v) {
            this.id = id;
            freeFastCount = v[0];
            freeFastBytes = v[1];
            freeRestCount = v[2];
            freeRestBytes = v[3];
            systemCurrentBytes = v[4];
            systemMaxBytes = v[5];
        }

        long freeBytes() {
            return freeFastBytes + freeRestBytes;
        }

        long inUseBytes() {
            return systemCurrentBytes - freeBytes();
        }
    }

    static final class Bucket {
        final long fromBytes;
        final long toBytes;
        final long count;
        final long totalBytes;

        Bucket(long fromBytes, long toBytes, long count, long totalBytes) {
            this.fromBytes = fromBytes;
            this.toBytes = toBytes;
            this.count = count;
            this.totalBytes = totalBytes;
        }
    }

    /**
     * Parses the XML. Throws when there is no {@code <malloc>} element at all; a truncated
     * document yields the arenas completed so far, and totals summed from them when the global
     * totals are missing.
     */
    static MallocInfo parse(String text) {
        LineCursor cursor = new LineCursor().reset(text);
        boolean sawMalloc = false;
        List<Arena> arenas = new ArrayList<>();
        TreeMap<Long, TreeMap<Long, long[]>> buckets = new TreeMap<>();
        long arenaId = -1;
        long[] arena = null;                 // fast count, fast bytes, rest count, rest bytes, current, max
        long[] totals = {-1, -1, -1, -1, -1, -1};
        while (cursor.nextLine()) {
            cursor.skipSpaces();
            if (cursor.skip("<malloc")) {
                sawMalloc = true;
            } else if (cursor.skip("<heap")) {
                arenaId = attribute(cursor, "nr=\"");
                arena = new long[] {0, 0, 0, 0, 0, 0};
            } else if (cursor.skip("</heap>")) {
                if (arena != null) {
                    arenas.add(new Arena(arenaId, arena));
                }
                arena = null;
            } else if (cursor.skip("<size ") || cursor.skip("<unsorted ")) {
                if (arena != null) {
                    addBucket(buckets, cursor);
                }
            } else if (cursor.skip("<total ")) {
                int start = cursor.position();
                if (cursor.find("type=\"fast\"")) {
                    store(cursor, start, arena, 0, totals, 0);
                } else if (cursor.find("type=\"rest\"")) {
                    store(cursor, start, arena, 2, totals, 1);
                } else if (cursor.find("type=\"mmap\"") && arena == null) {
                    cursor.position(start);
                    totals[4] = attribute(cursor, "count=\"");
                    cursor.position(start);
                    totals[5] = attribute(cursor, "size=\"");
                }
            } else if (cursor.skip("<system ")) {
                int start = cursor.position();
                boolean current = cursor.find("type=\"current\"");
                cursor.position(start);
                boolean max = !current && cursor.find("type=\"max\"");
                cursor.position(start);
                long size = attribute(cursor, "size=\"");
                if (current || max) {
                    if (arena != null) {
                        arena[current ? 4 : 5] = size;
                    } else {
                        totals[current ? 2 : 3] = size;
                    }
                }
            }
        }
        if (!sawMalloc) {
            throw new IllegalArgumentException("not malloc_info output: "
                    + text.substring(0, Math.min(80, text.length())));
        }
        fillMissingTotals(totals, arenas);
        List<Bucket> merged = new ArrayList<>();
        buckets.forEach((from, byTo) -> byTo.forEach((to, v) -> merged.add(new Bucket(from, to, v[0], v[1]))));
        return new MallocInfo(arenas, merged, totals);
    }

    /** Reads fast/rest count and size into the arena (when inside one) or the global totals. */
    private static void store(LineCursor cursor, int start, long[] arena, int arenaAt, long[] totals, int totalAt) {
        cursor.position(start);
        long count = attribute(cursor, "count=\"");
        cursor.position(start);
        long size = attribute(cursor, "size=\"");
        if (arena != null) {
            arena[arenaAt] = count;
            arena[arenaAt + 1] = size;
        } else {
            totals[totalAt] = size;
        }
    }

    private static void addBucket(TreeMap<Long, TreeMap<Long, long[]>> buckets, LineCursor cursor) {
        int start = cursor.position();
        long from = attribute(cursor, "from=\"");
        cursor.position(start);
        long to = attribute(cursor, "to=\"");
        cursor.position(start);
        long total = attribute(cursor, "total=\"");
        cursor.position(start);
        long count = attribute(cursor, "count=\"");
        if (from < 0 || to < 0 || total < 0 || count < 0) {
            return; // a truncated line
        }
        long[] sums = buckets.computeIfAbsent(from, f -> new TreeMap<>()).computeIfAbsent(to, t -> new long[2]);
        sums[0] += count;
        sums[1] += total;
    }

    /** A truncated document lacks the global totals; the arenas' sums are the next best. */
    private static void fillMissingTotals(long[] totals, List<Arena> arenas) {
        long fast = 0;
        long rest = 0;
        long current = 0;
        long max = 0;
        for (Arena a : arenas) {
            fast += a.freeFastBytes;
            rest += a.freeRestBytes;
            current += a.systemCurrentBytes;
            max += a.systemMaxBytes;
        }
        long[] sums = {fast, rest, current, max, 0, 0};
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] < 0) {
                totals[i] = sums[i];
            }
        }
    }

    /** The number in {@code name"N"} later on the line, or -1. */
    private static long attribute(LineCursor cursor, String nameAndQuote) {
        if (!cursor.find(nameAndQuote)) {
            return -1;
        }
        long value = cursor.readLong();
        return value == LineCursor.NONE ? -1 : value;
    }
}
