package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * Extracts the {@link Column}s from one JSON snapshot line straight from its bytes, without building
 * a tree: known sections are walked, everything else (histograms, per-arena lists, fields added by
 * newer agents) is skipped by bracket matching. Field order does not matter; unknown fields and
 * types are fine. A line that is not well-formed JSON (e.g. truncated) is reported as
 * {@link #MALFORMED} and contributes nothing. Not thread-safe: one scanner per reader task.
 */
final class LegacyLineScanner {
    static final int SNAPSHOT = 0;
    static final int HEADER = 1;
    static final int OTHER = 2;
    static final int MALFORMED = 3;
    /** A light scan met a section only a full scan reads (smaps, trim): scan the line again in full. */
    static final int NEEDS_FULL = 4;
    /** A capture near the memory limit: few, parsed in full by the caller like headers. */
    static final int CAPTURE = 5;

    /** Thrown without a stack trace: malformed lines are expected input, not bugs. */
    private static final RuntimeException BAD = new RuntimeException("malformed", null, false, false) {
    };

    private final long[] bucket = new long[4];
    private byte[] b;
    private int p;
    private int end;
    private ColumnBlock out;
    private int type;
    private boolean light;
    private final java.util.function.IntPredicate curlies = this::notSmapsOrTrim;
    private boolean needsFull;
    private boolean fused;
    private int fusedNewline;
    private int lineStart;
    private final int[] balance = new int[1];

    /** Scans {@code bytes[start, end)} into the block's current row (begun by the caller). */
    int scan(byte[] bytes, int start, int end, ColumnBlock block) {
        return scan(bytes, start, end, block, false);
    }

    /**
     * A light scan reads only what the analysis needs from every snapshot (time, process, heap, GC
     * counts) and skips the bulky sections (NMT categories, malloc_info, non-heap pools, buffers,
     * agent timings) by bracket matching, so the line is still checked for well-formedness. A line
     * carrying smaps or a trim probe gives {@link #NEEDS_FULL}: those are rare and wanted whole.
     */
    int scan(byte[] bytes, int start, int end, ColumnBlock block, boolean light) {
        this.light = light;
        this.needsFull = false;
        this.b = bytes;
        this.p = start;
        this.end = end;
        this.out = block;
        this.type = OTHER;
        try {
            ws();
            top();
            if (type == HEADER || type == CAPTURE) {
                return type;
            }
            if (needsFull) {
                return NEEDS_FULL;
            }
            if (light && p == end) {
                return type;
            }
            while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
                p++;
            }
            return p == end ? type : MALFORMED;
        } catch (RuntimeException malformed) {
            // BAD, or an index past the array for a line cut off at the buffer's end
            return MALFORMED;
        }
    }

    private static final int SEEN_ALL_LIGHT = 15;

    private void top() {
        expect('{');
        if (peekIs('}')) {
            p++;
            return;
        }
        int seen = 0;
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++; // closing quote
            colon();
            if (is(ks, kl, K_TYPE)) {
                int vs = p;
                skipValue();
                if (is(vs, p - vs, V_SNAPSHOT)) {
                    type = SNAPSHOT;
                } else if (is(vs, p - vs, V_HEADER)) {
                    type = HEADER;
                    return; // the caller parses header lines in full; finishing here is fine
                } else if (is(vs, p - vs, V_CAPTURE)) {
                    type = CAPTURE;
                    return; // likewise; its embedded snapshot must not land in this row
                }
            } else if (light && (is(ks, kl, K_SMAPS) || is(ks, kl, K_TRIM) || is(ks, kl, K_LIVE_SET))) {
                needsFull = true;
                return;
            } else if (light && !(is(ks, kl, K_PROCESS) || is(ks, kl, K_HEAP) || is(ks, kl, K_GC)
                    || is(ks, kl, K_TIME_MILLIS))) {
                skipValue();
            } else if (is(ks, kl, K_TIME_MILLIS)) {
                seen |= 1;
                long v = numberOrAbsent();
                if (v != RunColumns.ABSENT) {
                    out.time(v);
                }
            } else if (is(ks, kl, K_PROCESS)) {
                seen |= 2;
                process();
            } else if (is(ks, kl, K_HEAP)) {
                seen |= 4;
                heap();
            } else if (is(ks, kl, K_GC)) {
                seen |= 8;
                gc();
            } else if (is(ks, kl, K_NON_HEAP)) {
                nonHeap();
            } else if (is(ks, kl, K_CLASSES)) {
                simple(K_LOADED, Column.CLASSES_LOADED);
            } else if (is(ks, kl, K_THREADS)) {
                simple(K_LIVE, Column.THREADS_LIVE);
            } else if (is(ks, kl, K_BUFFERS)) {
                buffers();
            } else if (is(ks, kl, K_NMT)) {
                nmt();
            } else if (is(ks, kl, K_SMAPS)) {
                smaps();
            } else if (is(ks, kl, K_MALLOC_INFO)) {
                mallocInfo();
            } else if (is(ks, kl, K_JEMALLOC)) {
                jemalloc();
            } else if (is(ks, kl, K_TRIM)) {
                trim();
            } else if (is(ks, kl, K_LIVE_SET)) {
                liveSet();
            } else {
                skipValue();
            }
            if (light && seen == SEEN_ALL_LIGHT && type == SNAPSHOT) {
                lightTail();
                return;
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    /**
     * The rest of a light line, once everything it needs was read: not parsed, only checked eight
     * bytes at a time that its brackets close the line and that no member named smaps or trim holds an
     * object. Anything unexpected (a bracket in a string, say) asks for a full scan, which decides.
     */
    private void lightTail() {
        if (fused) {
            fusedTail();
            return;
        }
        int last = end - 1;
        while (last > p && (b[last] == ' ' || b[last] == '\t' || b[last] == '\r')) {
            last--;
        }
        if (b[last] != '}' || ByteSearch.bracketBalance(b, p, end, curlies) != -1) {
            needsFull = true;
            return;
        }
        p = end;
    }

    /**
     * {@link #lightTail} when the line's end is not known yet ({@code end} is the buffer's): finds
     * the first '\n' while checking the brackets. Succeeds (sets {@link #fusedNewline}) only when the
     * part already parsed holds no '\n' and the tail closes the line exactly before that '\n';
     * anything else is left to the caller's usual path, which finds the line end first.
     */
    private void fusedTail() {
        int newline = ByteSearch.bracketBalanceToNewline(b, p, end, curlies, balance);
        if (newline < 0 || balance[0] != -1 || ByteSearch.newline(b, lineStart, p) >= 0) {
            needsFull = true; // not a verdict: the caller falls back to the usual path
            return;
        }
        int last = newline - 1;
        while (last > p && (b[last] == ' ' || b[last] == '\t' || b[last] == '\r')) {
            last--;
        }
        if (last <= p || b[last] != '}') {
            needsFull = true;
            return;
        }
        fusedNewline = newline;
        p = end;
    }

    /**
     * A light scan of the line starting at {@code start}, whose end is found in the same pass
     * ({@code limit} is the end of the buffered bytes): the index of the line's '\n' when it is a
     * whole snapshot read light into the block's current row (begun by the caller), else -1, and the
     * caller finds the line end and scans it as usual (after beginning the row again).
     */
    int scanLightToNewline(byte[] bytes, int start, int limit, ColumnBlock block) {
        fused = true;
        fusedNewline = -1;
        lineStart = start;
        try {
            int t = scan(bytes, start, limit, block, true);
            return t == SNAPSHOT ? fusedNewline : -1;
        } finally {
            fused = false;
        }
    }

    /** False when the '{' at {@code at} opens the value of a member named smaps or trim. */
    private boolean notSmapsOrTrim(int at) {
        int q = at - 1;
        while (q > 0 && (b[q] == ' ' || b[q] == '\t')) {
            q--;
        }
        if (b[q] != ':') {
            return true;
        }
        q--;
        while (q > 0 && (b[q] == ' ' || b[q] == '\t')) {
            q--;
        }
        if (b[q] != '"') {
            return true;
        }
        return !(endsKey(q, K_SMAPS) || endsKey(q, K_TRIM) || endsKey(q, K_LIVE_SET));
    }

    /** Whether {@code "key"} ends with its closing quote at {@code quote}. */
    private boolean endsKey(int quote, byte[] key) {
        int start = quote - key.length;
        return start >= 1 && b[start - 1] == '"' && is(start, key.length, key);
    }

    private void process() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_VM_RSS)) {
                put(Column.RSS);
            } else if (is(ks, kl, K_RSS_ANON)) {
                put(Column.RSS_ANON);
            } else if (is(ks, kl, K_RSS_FILE)) {
                put(Column.RSS_FILE);
            } else if (is(ks, kl, K_VM_SWAP)) {
                put(Column.SWAP);
            } else if (is(ks, kl, K_THREADS)) {
                put(Column.OS_THREADS);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void heap() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_POOLS)) {
                heapPools();
            } else if (is(ks, kl, K_USED)) {
                put(Column.HEAP_USED);
            } else if (is(ks, kl, K_COMMITTED)) {
                put(Column.HEAP_COMMITTED);
            } else if (is(ks, kl, K_MAX)) {
                put(Column.HEAP_MAX);
            } else if (is(ks, kl, K_USED_AFTER_GC)) {
                put(Column.HEAP_USED_AFTER_GC);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void heapPools() {
        if (!openArray()) {
            return;
        }
        while (true) {
            boolean old = false;
            long used = RunColumns.ABSENT;
            long afterGc = RunColumns.ABSENT;
            if (openObject()) {
                while (true) {
                    int ks = key();
                    int kl = p - ks;
                    p++;
                    colon();
                    if (is(ks, kl, K_NAME)) {
                        int vs = p;
                        skipValue();
                        old = contains(vs, p, OLD) || contains(vs, p, TENURED);
                    } else if (is(ks, kl, K_USED)) {
                        used = numberOrAbsent();
                    } else if (is(ks, kl, K_USED_AFTER_GC)) {
                        afterGc = numberOrAbsent();
                    } else {
                        skipValue();
                    }
                    if (!nextMember()) {
                        break;
                    }
                }
            }
            if (old) {
                setIfPresent(Column.OLD_USED, used);
                setIfPresent(Column.OLD_USED_AFTER_GC, afterGc);
            }
            if (!nextElement()) {
                return;
            }
        }
    }

    private void gc() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_COLLECTORS)) {
                collectors();
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    /** Sums the collectors' counts (an empty array is fine: no collections to count). */
    private void collectors() {
        if (!openArray()) {
            return;
        }
        while (true) {
            boolean old = false;
            long count = RunColumns.ABSENT;
            if (openObject()) {
                while (true) {
                    int cs = key();
                    int cl = p - cs;
                    p++;
                    colon();
                    if (is(cs, cl, K_NAME)) {
                        int vs = p;
                        skipValue();
                        old = contains(vs, p, OLD) || contains(vs, p, MARK_SWEEP) || contains(vs, p, CONCURRENT)
                                || contains(vs, p, MAJOR) || contains(vs, p, CYCLES);
                    } else if (is(cs, cl, K_COUNT)) {
                        count = numberOrAbsent();
                    } else {
                        skipValue();
                    }
                    if (!nextMember()) {
                        break;
                    }
                }
            }
            if (count != RunColumns.ABSENT) {
                out.add(Column.GC_COUNT, count);
                if (old) {
                    out.add(Column.OLD_GC_COUNT, count);
                }
            }
            if (!nextElement()) {
                break;
            }
        }
    }

    private void nonHeap() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_META_USED)) {
                put(Column.METASPACE_USED);
            } else if (is(ks, kl, K_META_COMMITTED)) {
                put(Column.METASPACE_COMMITTED);
            } else if (is(ks, kl, K_CLASS_USED)) {
                put(Column.CLASS_SPACE_USED);
            } else if (is(ks, kl, K_CLASS_COMMITTED)) {
                put(Column.CLASS_SPACE_COMMITTED);
            } else if (is(ks, kl, K_CODE_COMMITTED)) {
                put(Column.CODE_CACHE_COMMITTED);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    /** An object of which one numeric field is wanted. */
    private void simple(byte[] wanted, Column column) {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, wanted)) {
                put(column);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void buffers() {
        if (!openArray()) {
            return;
        }
        while (true) {
            boolean direct = false;
            long count = RunColumns.ABSENT;
            long used = RunColumns.ABSENT;
            if (openObject()) {
                while (true) {
                    int ks = key();
                    int kl = p - ks;
                    p++;
                    colon();
                    if (is(ks, kl, K_NAME)) {
                        int vs = p;
                        skipValue();
                        direct = is(vs, p - vs, V_DIRECT);
                    } else if (is(ks, kl, K_COUNT)) {
                        count = numberOrAbsent();
                    } else if (is(ks, kl, K_USED)) {
                        used = numberOrAbsent();
                    } else {
                        skipValue();
                    }
                    if (!nextMember()) {
                        break;
                    }
                }
            }
            if (direct) {
                setIfPresent(Column.DIRECT_COUNT, count);
                setIfPresent(Column.DIRECT_USED, used);
            } else if (used != RunColumns.ABSENT) {
                out.add(Column.MAPPED_USED, used);
            }
            if (!nextElement()) {
                return;
            }
        }
    }

    private void nmt() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_TOTAL_COMMITTED)) {
                put(Column.NMT_COMMITTED);
            } else if (is(ks, kl, K_TOTAL_MALLOC)) {
                put(Column.NMT_MALLOC);
            } else if (is(ks, kl, K_CATEGORIES)) {
                nmtCategories();
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void nmtCategories() {
        if (!openArray()) {
            return;
        }
        while (true) {
            int ns = -1;
            int ne = -1;
            long committed = RunColumns.ABSENT;
            long stack = RunColumns.ABSENT;
            if (openObject()) {
                while (true) {
                    int ks = key();
                    int kl = p - ks;
                    p++;
                    colon();
                    if (is(ks, kl, K_NAME)) {
                        ns = p + 1;
                        skipValue();
                        ne = p - 1;
                    } else if (is(ks, kl, K_COMMITTED)) {
                        committed = numberOrAbsent();
                    } else if (is(ks, kl, K_STACK_COMMITTED)) {
                        stack = numberOrAbsent();
                    } else {
                        skipValue();
                    }
                    if (!nextMember()) {
                        break;
                    }
                }
            }
            if (ns >= 0 && committed != RunColumns.ABSENT) {
                int known = categoryIndex(ns, ne - ns);
                out.add(knownGroups[known], committed);
                if (knownIsThreadStack[known]) {
                    out.add(Column.NMT_THREAD_STACK, committed);
                } else if (stack != RunColumns.ABSENT) {
                    out.add(Column.NMT_THREAD_STACK, stack);
                }
                out.nmtCategory(knownNames[known], committed);
            }
            if (!nextElement()) {
                return;
            }
        }
    }

    private void smaps() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_ANON_RSS)) {
                put(Column.SMAPS_ANON);
            } else if (is(ks, kl, K_MAIN_ARENA_RSS)) {
                put(Column.SMAPS_MAIN_ARENA);
            } else if (is(ks, kl, K_ARENA_HEAP_COUNT)) {
                put(Column.SMAPS_ARENA_HEAPS);
            } else if (is(ks, kl, K_ARENA_HEAP_RSS)) {
                put(Column.SMAPS_ARENA_HEAP_RSS);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void mallocInfo() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_ARENA_COUNT)) {
                put(Column.MALLOC_ARENAS);
            } else if (is(ks, kl, K_IN_USE)) {
                put(Column.MALLOC_IN_USE);
            } else if (is(ks, kl, K_FREE)) {
                put(Column.MALLOC_FREE);
            } else if (is(ks, kl, K_SYSTEM_CURRENT)) {
                put(Column.MALLOC_SYSTEM);
            } else if (is(ks, kl, K_MMAP_BYTES)) {
                put(Column.MALLOC_MMAP);
            } else if (is(ks, kl, K_FREE_CHUNK_BUCKETS)) {
                freeChunkBuckets();
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    /** jemalloc's own statistics; like mallocInfo, a light scan skips them. */
    private void jemalloc() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_ALLOCATED)) {
                put(Column.JEMALLOC_ALLOCATED);
            } else if (is(ks, kl, K_ACTIVE)) {
                put(Column.JEMALLOC_ACTIVE);
            } else if (is(ks, kl, K_RESIDENT)) {
                put(Column.JEMALLOC_RESIDENT);
            } else if (is(ks, kl, K_METADATA)) {
                put(Column.JEMALLOC_METADATA);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private void freeChunkBuckets() {
        if (!openArray()) {
            return;
        }
        long wholePages = 0;
        while (true) {
            if (openArray()) {
                long[] v = bucket;
                int n = 0;
                while (true) {
                    long x = numberOrAbsent();
                    if (n < 4) {
                        v[n] = x;
                    }
                    n++;
                    if (!nextElement()) {
                        break;
                    }
                }
                if (n >= 4 && v[0] != RunColumns.ABSENT && v[1] != RunColumns.ABSENT && v[2] != RunColumns.ABSENT
                        && v[3] != RunColumns.ABSENT) {
                    wholePages += FreeChunkPages.wholePageBytes(v[0], v[1], v[2], v[3]);
                }
            } else {
                skipValue();
            }
            if (!nextElement()) {
                break;
            }
        }
        out.set(Column.MALLOC_FREE_WHOLE_PAGES, wholePages);
    }

    /**
     * The heap right after a collection the agent requested; left out when that collection was a
     * concurrent cycle (it leaves garbage for later ones, so the figure is not a live set).
     */
    private void liveSet() {
        if (!openObject()) {
            return;
        }
        long bytes = RunColumns.ABSENT;
        boolean concurrent = false;
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_BYTES)) {
                bytes = numberOrAbsent();
            } else if (is(ks, kl, K_CONCURRENT)) {
                int vs = p;
                skipValue();
                concurrent = is(vs, p - vs, V_TRUE);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                break;
            }
        }
        if (!concurrent) {
            setIfPresent(Column.LIVE_SET, bytes);
        }
    }

    private void trim() {
        if (!openObject()) {
            return;
        }
        while (true) {
            int ks = key();
            int kl = p - ks;
            p++;
            colon();
            if (is(ks, kl, K_RELEASED)) {
                put(Column.TRIM_RELEASED);
            } else if (is(ks, kl, K_RSS_BEFORE)) {
                put(Column.TRIM_RSS_BEFORE);
            } else {
                skipValue();
            }
            if (!nextMember()) {
                return;
            }
        }
    }

    private byte[][] knownNameBytes = new byte[0][];
    private String[] knownNames = new String[0];
    private Column[] knownGroups = new Column[0];
    private boolean[] knownIsThreadStack = new boolean[0];

    /**
     * Index of the category in this scanner's table of names seen so far, adding it with its
     * ledger group on first sight: a String and a group lookup once per distinct name, not per line.
     */
    private int categoryIndex(int ns, int nl) {
        for (int i = 0; i < knownNameBytes.length; i++) {
            if (is(ns, nl, knownNameBytes[i])) {
                return i;
            }
        }
        Column group;
        if (is(ns, nl, C_JAVA_HEAP)) {
            group = Column.NMT_HEAP;
        } else if (is(ns, nl, C_CLASS) || is(ns, nl, C_METASPACE)) {
            group = Column.NMT_CLASS;
        } else if (is(ns, nl, C_CODE)) {
            group = Column.NMT_CODE;
        } else if (is(ns, nl, C_THREAD) || is(ns, nl, C_THREAD_STACK)) {
            group = Column.NMT_THREAD;
        } else if (is(ns, nl, C_GC) || is(ns, nl, C_GC_CARD_SET)) {
            group = Column.NMT_GC;
        } else if (is(ns, nl, C_OTHER)) {
            group = Column.NMT_OTHER;
        } else if (is(ns, nl, C_SHARED_CLASS)) {
            group = Column.NMT_SHARED_CLASS;
        } else if (is(ns, nl, C_COMPILER) || is(ns, nl, C_ARENA_CHUNK)) {
            group = Column.NMT_JIT;
        } else {
            group = Column.NMT_REST;
        }
        int n = knownNames.length;
        knownNames = java.util.Arrays.copyOf(knownNames, n + 1);
        knownNameBytes = java.util.Arrays.copyOf(knownNameBytes, n + 1);
        knownGroups = java.util.Arrays.copyOf(knownGroups, n + 1);
        knownIsThreadStack = java.util.Arrays.copyOf(knownIsThreadStack, n + 1);
        knownNames[n] = new String(b, ns, nl, StandardCharsets.UTF_8);
        knownNameBytes[n] = java.util.Arrays.copyOfRange(b, ns, ns + nl);
        knownGroups[n] = group;
        knownIsThreadStack[n] = is(ns, nl, C_THREAD_STACK);
        return n;
    }

    // ---- JSON mechanics ----

    private void put(Column column) {
        setIfPresent(column, numberOrAbsent());
    }

    private void setIfPresent(Column column, long value) {
        if (value != RunColumns.ABSENT) {
            out.set(column, value);
        }
    }

    /** True and positioned at the first key when an object with members starts; skips anything else. */
    private boolean openObject() {
        if (b[p] != '{') {
            skipValue();
            return false;
        }
        p++;
        ws();
        if (b[p] == '}') {
            p++;
            return false;
        }
        return true;
    }

    private boolean openArray() {
        if (b[p] != '[') {
            skipValue();
            return false;
        }
        p++;
        ws();
        if (b[p] == ']') {
            p++;
            return false;
        }
        return true;
    }

    /** At a key's opening quote (after whitespace): returns its first byte's index, p left on the closing quote. */
    private int key() {
        ws();
        if (b[p] != '"') {
            throw BAD;
        }
        int start = ++p;
        while (true) {
            p = ByteSearch.quoteOrBackslash(b, p, end);
            if (p >= end) {
                throw BAD;
            }
            if (b[p] == '"') {
                return start;
            }
            p += 2; // an escape and the byte it escapes
        }
    }

    private void colon() {
        ws();
        if (b[p++] != ':') {
            throw BAD;
        }
        ws();
    }

    private boolean nextMember() {
        ws();
        byte c = b[p++];
        if (c == ',') {
            return true;
        }
        if (c == '}') {
            return false;
        }
        throw BAD;
    }

    private boolean nextElement() {
        ws();
        byte c = b[p++];
        if (c == ',') {
            ws();
            return true;
        }
        if (c == ']') {
            return false;
        }
        throw BAD;
    }

    /** A whole number (fractions truncated), or ABSENT for null/strings/objects, which are skipped. */
    private long numberOrAbsent() {
        byte c = b[p];
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return RunColumns.ABSENT;
        }
        int start = p;
        boolean negative = c == '-';
        if (negative) {
            p++;
        }
        long value = 0;
        int digits = 0;
        while (p < end) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
            p++;
            digits++;
        }
        if (digits == 0) {
            throw BAD;
        }
        if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E') || digits > 18) {
            while (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E' || b[p] == '+' || b[p] == '-'
                    || (b[p] >= '0' && b[p] <= '9'))) {
                p++;
            }
            try {
                return (long) Double.parseDouble(new String(b, start, p - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                throw BAD;
            }
        }
        return negative ? -value : value;
    }

    private void skipValue() {
        byte c = b[p];
        if (c == '"') {
            p++;
            skipStringBody();
        } else if (c == '{' || c == '[') {
            skipNested();
        } else {
            int start = p;
            while (p < end) {
                c = b[p];
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    break;
                }
                p++;
            }
            if (p == start) {
                throw BAD;
            }
        }
    }

    /** From just after an opening quote to just after the closing one. */
    private void skipStringBody() {
        while (true) {
            p = ByteSearch.quoteOrBackslash(b, p, end);
            if (p >= end) {
                throw BAD;
            }
            if (b[p++] == '"') {
                return;
            }
            p++; // the escaped byte
        }
    }

    /** Bytes skipNested must look at: quotes and brackets; everything else is passed over in a tight loop. */
    private static final boolean[] STRUCTURAL = new boolean[256];

    static {
        for (char c : new char[] {'"', '{', '}', '[', ']'}) {
            STRUCTURAL[c] = true;
        }
    }

    /** Bracket matching without recursion, so no nesting depth can overflow the stack. */
    private void skipNested() {
        final byte[] b = this.b;
        final int end = this.end;
        int depth = 0;
        int q = p;
        while (q < end) {
            byte c = b[q++];
            if (!STRUCTURAL[c & 0xFF]) {
                continue;
            }
            if (c == '"') {
                // strings inside skipped sections are short names: a byte loop beats the word search
                while (true) {
                    if (q >= end) {
                        throw BAD;
                    }
                    byte s = b[q++];
                    if (s == '"') {
                        break;
                    }
                    if (s == '\\') {
                        q++;
                    }
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (--depth == 0) {
                p = q;
                return;
            }
        }
        throw BAD;
    }

    private void ws() {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            p++;
        }
        throw BAD; // a line never ends where a value or bracket is still due
    }

    private void expect(char c) {
        if (b[p++] != c) {
            throw BAD;
        }
    }

    private boolean peekIs(char c) {
        ws();
        return b[p] == c;
    }

    private boolean is(int start, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int start, int endExclusive, byte[] needle) {
        outer:
        for (int i = start; i + needle.length <= endExclusive; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] K_TYPE = k("type"), V_SNAPSHOT = k("\"snapshot\""), V_HEADER = k("\"header\""), V_CAPTURE = k("\"capture\""),
            K_TIME_MILLIS = k("timeMillis"), K_PROCESS = k("process"), K_HEAP = k("heap"), K_GC = k("gc"),
            K_NON_HEAP = k("nonHeap"), K_CLASSES = k("classes"), K_THREADS = k("threads"), K_BUFFERS = k("buffers"),
            K_NMT = k("nmt"), K_SMAPS = k("smaps"), K_MALLOC_INFO = k("mallocInfo"),
            K_JEMALLOC = k("jemalloc"), K_ALLOCATED = k("allocatedBytes"), K_ACTIVE = k("activeBytes"),
            K_RESIDENT = k("residentBytes"), K_METADATA = k("metadataBytes"), K_TRIM = k("trim"),
            K_LIVE_SET = k("liveSet"), K_BYTES = k("bytes"), K_CONCURRENT = k("concurrent"), V_TRUE = k("true"),
            K_VM_RSS = k("vmRssBytes"), K_RSS_ANON = k("rssAnonBytes"), K_RSS_FILE = k("rssFileBytes"),
            K_VM_SWAP = k("vmSwapBytes"), K_POOLS = k("pools"), K_USED = k("usedBytes"),
            K_COMMITTED = k("committedBytes"), K_MAX = k("maxBytes"), K_USED_AFTER_GC = k("usedAfterGcBytes"),
            K_NAME = k("name"), K_COLLECTORS = k("collectors"), K_COUNT = k("count"),
            K_META_USED = k("metaspaceUsedBytes"), K_META_COMMITTED = k("metaspaceCommittedBytes"),
            K_CLASS_USED = k("classSpaceUsedBytes"), K_CLASS_COMMITTED = k("classSpaceCommittedBytes"),
            K_CODE_COMMITTED = k("codeCacheCommittedBytes"), K_LOADED = k("loaded"), K_LIVE = k("live"),
            V_DIRECT = k("\"direct\""), K_TOTAL_COMMITTED = k("totalCommittedBytes"),
            K_TOTAL_MALLOC = k("totalMallocBytes"), K_CATEGORIES = k("categories"),
            K_STACK_COMMITTED = k("stackCommittedBytes"), K_ANON_RSS = k("anonRssBytes"),
            K_MAIN_ARENA_RSS = k("mainArenaRssBytes"), K_ARENA_HEAP_COUNT = k("arenaHeapCount"),
            K_ARENA_HEAP_RSS = k("arenaHeapRssBytes"), K_ARENA_COUNT = k("arenaCount"), K_IN_USE = k("inUseBytes"),
            K_FREE = k("freeBytes"), K_SYSTEM_CURRENT = k("systemCurrentBytes"), K_MMAP_BYTES = k("mmapBytes"),
            K_FREE_CHUNK_BUCKETS = k("freeChunkBuckets"), K_RELEASED = k("releasedBytes"),
            K_RSS_BEFORE = k("rssBeforeBytes"), OLD = k("Old"), TENURED = k("Tenured"), MARK_SWEEP = k("MarkSweep"),
            CONCURRENT = k("Concurrent"), MAJOR = k("Major"), CYCLES = k("Cycles"), C_JAVA_HEAP = k("Java Heap"),
            C_CLASS = k("Class"), C_METASPACE = k("Metaspace"), C_CODE = k("Code"), C_THREAD = k("Thread"),
            C_THREAD_STACK = k("Thread Stack"), C_GC = k("GC"), C_GC_CARD_SET = k("GCCardSet"), C_OTHER = k("Other"),
            C_COMPILER = k("Compiler"), C_ARENA_CHUNK = k("Arena Chunk"),
            C_SHARED_CLASS = k("Shared class space");
}
