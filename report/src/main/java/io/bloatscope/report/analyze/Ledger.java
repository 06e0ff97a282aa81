package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import java.util.EnumSet;
import java.util.Set;

/**
 * Splits one snapshot's RSS into {@link LedgerPart}s, choosing the best source present in that very
 * snapshot (nothing is carried over from another one).
 *
 * <p>With NMT: metaspace = NMT Class + Metaspace; code = NMT Code; stacks = Thread stack committed
 * (or all of NMT Thread where the JDK does not split it); direct buffers come out of NMT Other,
 * where Unsafe puts them; Compiler and Arena Chunk are the JIT compiler's; the rest of Other, GC and every other category is JVM internals (the CDS
 * archive, NMT "Shared class space", is file-mapped and so left to {@link LedgerPart#FILES}).
 * NMT's categories include the JVM's own malloc, so "malloc in use" is only what glibc holds beyond
 * it: malloc_info in use + mmap − NMT total malloc. Without NMT the memory pools stand in for
 * metaspace and code, stacks and internals are unmeasured, and malloc in use includes the JVM's.
 *
 * <p>Under jemalloc with its own statistics (the agent's {@code allocatorStats}), malloc in use is
 * {@code stats.allocated} − NMT's malloc (a preloaded jemalloc serves the JVM's malloc too) and
 * retained is {@code stats.resident − stats.allocated}: see {@link JemallocStats}.
 *
 * <p>Retained malloc is malloc_info's free bytes (an upper bound on what is resident: free pages
 * a trim already released still count). Without malloc_info (JDK 17) the smaps arenas' RSS beyond
 * NMT's malloc is shown as retained, an upper bound that also holds untracked malloc in use.
 *
 * <p>The Java heap's resident part is measured by no source; it is estimated as what the other
 * parts leave, at least the heap's usage and at most its committed size. So "unexplained" is what
 * even a fully resident committed heap cannot account for. NMT reports committed, not resident,
 * memory: G1's auxiliary structures, for one, are committed in full and touched sparsely; and
 * malloc's free bytes include pages a trim already released. When the parts exceed RSS, retained
 * malloc is cut first, then the NMT-based parts are scaled down to what RSS leaves them (the split
 * call returns the excess so the Diagnosis can say so).
 */
final class Ledger {
    private final RunColumns c;

    Ledger(RunColumns columns) {
        this.c = columns;
    }

    /** Parts of one row; {@code unmeasured} receives the parts no source covered. Returns over-explained bytes. */
    long split(int row, long[] parts, Set<LedgerPart> unmeasured) {
        java.util.Arrays.fill(parts, 0);
        long rss = c.get(Column.RSS, row);
        boolean nmt = c.has(Column.NMT_COMMITTED, row);
        long direct = orZero(Column.DIRECT_USED, row);
        parts[LedgerPart.BUFFERS.ordinal()] = direct;
        if (!c.has(Column.DIRECT_USED, row)) {
            unmeasured.add(LedgerPart.BUFFERS);
        }
        if (nmt) {
            parts[LedgerPart.METASPACE.ordinal()] = orZero(Column.NMT_CLASS, row);
            parts[LedgerPart.CODE_CACHE.ordinal()] = orZero(Column.NMT_CODE, row);
            long thread = orZero(Column.NMT_THREAD, row);
            long stack = c.has(Column.NMT_THREAD_STACK, row) ? Math.min(thread, c.get(Column.NMT_THREAD_STACK, row)) : thread;
            parts[LedgerPart.THREAD_STACKS.ordinal()] = stack;
            long otherBeyondDirect = Math.max(0, orZero(Column.NMT_OTHER, row) - direct);
            parts[LedgerPart.JVM_INTERNALS.ordinal()] = orZero(Column.NMT_GC, row) + orZero(Column.NMT_REST, row)
                    + (thread - stack) + otherBeyondDirect;
            parts[LedgerPart.JIT_COMPILER.ordinal()] = orZero(Column.NMT_JIT, row);
        } else {
            parts[LedgerPart.METASPACE.ordinal()] = orZero(Column.METASPACE_COMMITTED, row)
                    + orZero(Column.CLASS_SPACE_COMMITTED, row);
            parts[LedgerPart.CODE_CACHE.ordinal()] = orZero(Column.CODE_CACHE_COMMITTED, row);
            unmeasured.add(LedgerPart.THREAD_STACKS);
            unmeasured.add(LedgerPart.JVM_INTERNALS);
            unmeasured.add(LedgerPart.JIT_COMPILER);
        }
        long nmtMalloc = nmt ? orZero(Column.NMT_MALLOC, row) : 0;
        if (c.has(Column.JEMALLOC_ALLOCATED, row) && c.has(Column.JEMALLOC_RESIDENT, row)) {
            // The agent writes jemalloc's statistics only when jemalloc is the allocator; then glibc's
            // malloc_info (still written) describes glibc's idle arenas, not malloc.
            long allocated = c.get(Column.JEMALLOC_ALLOCATED, row);
            parts[LedgerPart.MALLOC_IN_USE.ordinal()] = Math.max(0, allocated - nmtMalloc);
            parts[LedgerPart.MALLOC_RETAINED.ordinal()] = Math.max(0, c.get(Column.JEMALLOC_RESIDENT, row) - allocated);
        } else if (c.has(Column.MALLOC_IN_USE, row)) {
            long inUse = c.get(Column.MALLOC_IN_USE, row) + orZero(Column.MALLOC_MMAP, row);
            parts[LedgerPart.MALLOC_IN_USE.ordinal()] = Math.max(0, inUse - nmtMalloc);
            parts[LedgerPart.MALLOC_RETAINED.ordinal()] = orZero(Column.MALLOC_FREE, row);
        } else if (c.has(Column.SMAPS_MAIN_ARENA, row) || c.has(Column.SMAPS_ARENA_HEAP_RSS, row)) {
            long arenas = orZero(Column.SMAPS_MAIN_ARENA, row) + orZero(Column.SMAPS_ARENA_HEAP_RSS, row);
            unmeasured.add(LedgerPart.MALLOC_IN_USE);
            parts[LedgerPart.MALLOC_RETAINED.ordinal()] = Math.max(0, arenas - nmtMalloc);
        } else {
            unmeasured.add(LedgerPart.MALLOC_IN_USE);
            unmeasured.add(LedgerPart.MALLOC_RETAINED);
        }
        if (c.has(Column.RSS_FILE, row)) {
            parts[LedgerPart.FILES.ordinal()] = c.get(Column.RSS_FILE, row);
        } else {
            unmeasured.add(LedgerPart.FILES);
        }
        // Parts measured as resident come first; NMT's committed bytes (GC structures, stacks, code,
        // metaspace) are an upper bound on what is resident, so when everything together exceeds RSS
        // those are scaled down to fit and the excess is returned for a note.
        long firm = 0;
        for (LedgerPart part : FIRM) {
            firm += parts[part.ordinal()];
        }
        long soft = 0;
        for (LedgerPart part : SOFT) {
            soft += parts[part.ordinal()];
        }
        long retained = parts[LedgerPart.MALLOC_RETAINED.ordinal()];
        long committed = c.has(Column.HEAP_COMMITTED, row) ? c.get(Column.HEAP_COMMITTED, row) : orZero(Column.NMT_HEAP, row);
        long used = Math.min(committed, orZero(Column.HEAP_USED, row));
        long over = Math.max(0, firm + soft + retained + used - rss);
        if (over > 0) {
            // free malloc memory is the first to go: pages a trim released still count as free
            long cut = Math.min(retained, over);
            retained -= cut;
            parts[LedgerPart.MALLOC_RETAINED.ordinal()] = retained;
            double keep = soft == 0 ? 0 : Math.max(0, rss - firm - retained - used) / (double) soft;
            if (keep < 1) {
                long scaled = 0;
                for (LedgerPart part : SOFT) {
                    parts[part.ordinal()] = Math.round(parts[part.ordinal()] * keep);
                    scaled += parts[part.ordinal()];
                }
                soft = scaled;
            }
        }
        soft += retained;
        long heap = Math.max(used, Math.min(committed, rss - firm - soft));
        parts[LedgerPart.JAVA_HEAP.ordinal()] = heap;
        parts[LedgerPart.UNEXPLAINED.ordinal()] = Math.max(0, rss - firm - soft - heap);
        return over;
    }

    private static final LedgerPart[] FIRM = {LedgerPart.BUFFERS, LedgerPart.MALLOC_IN_USE, LedgerPart.FILES};
    private static final LedgerPart[] SOFT = {LedgerPart.METASPACE, LedgerPart.CODE_CACHE, LedgerPart.THREAD_STACKS,
        LedgerPart.JVM_INTERNALS, LedgerPart.JIT_COMPILER};

    LedgerEntry entry(int row) {
        long[] parts = new long[LedgerPart.values().length];
        Set<LedgerPart> unmeasured = EnumSet.noneOf(LedgerPart.class);
        split(row, parts, unmeasured);
        return new LedgerEntry(c.timeMillis(row), c.get(Column.RSS, row), parts, unmeasured);
    }

    private long orZero(Column column, int row) {
        long v = c.get(column, row);
        return v == ABSENT ? 0 : v;
    }
}
