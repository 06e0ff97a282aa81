package io.bloatscope.agent.os;

import io.bloatscope.format.text.LineCursor;

/**
 * What {@code /proc/self/smaps} says about glibc malloc: the main arena's RSS and the number, RSS
 * and mapped size of the non-main arena heaps, plus total anonymous RSS and the mapping count.
 *
 * <p>How arena heaps are recognised. glibc's main arena grows the brk segment, which the kernel
 * names {@code [heap]}. Every other arena lives in "heaps" that glibc reserves as exactly
 * HEAP_MAX_SIZE (64 MiB on 64-bit) of {@code PROT_NONE}, {@code MAP_NORESERVE} memory aligned to
 * 64 MiB, and makes readable and writable from the bottom up as the arena grows (shrinking turns the
 * top back to {@code ---p}). So a heap is a run of contiguous anonymous mappings that starts at a
 * 64 MiB-aligned address with {@code rw-p} and ends exactly 64 MiB later, {@code rw-p} parts first
 * and then, optionally, {@code ---p}. That rules out the Java heap reservation (far larger), thread
 * stacks (guard pages, {@code ---p}, come first) and most other JVM regions. One JVM region does fit
 * the shape: a metaspace node is a 64 MiB reservation committed from the bottom, and it can be
 * 64 MiB-aligned. It differs in one flag: HotSpot commits with a fresh {@code mmap} that does not
 * carry {@code MAP_NORESERVE}, while glibc's {@code mprotect} keeps it, so the {@code rw-p} part of a
 * glibc heap shows {@code nr} in {@code VmFlags}. That flag is required, except when no mapping in
 * the file has it at all (vm.overcommit_memory=2 ignores MAP_NORESERVE, and kernels before 3.8
 * print no VmFlags); then the shape alone decides and a metaspace node may be counted.
 *
 * <p>Known misses: two neighbouring heaps whose {@code rw-p} parts touch (the first one fully
 * grown) are merged by the kernel into one mapping and not counted; so is a heap that has grown
 * several sub-heaps, of which each is counted separately (glibc's "subheaps").
 *
 * <p>The parse walks the text once, without regular expressions or per-line allocation. Measured
 * on this project's build host (2 CPUs, glibc 2.36) in a JVM with 300 extra threads (about 810
 * mappings, 20,000 lines, 580 KB): once JIT-compiled a parse takes 0.3 ms (JDK 25) to 0.5 ms
 * (JDK 17); the first few parses, still interpreted, take 1.5 to 4.5 ms. Reading the file costs more
 * than parsing it: the kernel needs 2 to 3 ms to generate those 580 KB.
 */
final class Smaps {
    static final long HEAP_MAX_BYTES = 64L << 20;

    final int mappings;
    final long anonRssBytes;
    final long mainArenaRssBytes;
    final int arenaHeapCount;
    final long arenaHeapRssBytes;
    final long arenaHeapMappedBytes;

    private Smaps(int mappings, long anonRssBytes, long mainArenaRssBytes, int arenaHeapCount,
            long arenaHeapRssBytes, long arenaHeapMappedBytes) {
        this.mappings = mappings;
        this.anonRssBytes = anonRssBytes;
        this.mainArenaRssBytes = mainArenaRssBytes;
        this.arenaHeapCount = arenaHeapCount;
        this.arenaHeapRssBytes = arenaHeapRssBytes;
        this.arenaHeapMappedBytes = arenaHeapMappedBytes;
    }

    static Smaps parse(CharSequence text) {
        return parse(text, new LineCursor());
    }

    static Smaps parse(CharSequence text, LineCursor cursor) {
        Walk walk = new Walk();
        cursor.reset(text);
        while (cursor.nextLine()) {
            char first = cursor.peek();
            if ((first >= '0' && first <= '9') || (first >= 'a' && first <= 'f')) {
                walk.header(cursor);
            } else if (walk.inMapping) {
                walk.field(cursor);
            }
        }
        walk.endMapping();
        return walk.result();
    }

    /** The parse state: the mapping being read, the heap candidate, and the running totals. */
    private static final class Walk {
        boolean inMapping;
        long start;
        long end;
        boolean readWrite;
        boolean noAccess;
        boolean anonymous;
        boolean brkHeap;
        long rssBytes;
        boolean noReserve;

        int mappings;
        long anonRssBytes;
        long mainArenaRssBytes;
        boolean anyNoReserve;

        /** Candidate heap: the run of mappings seen so far from a 64 MiB-aligned start. */
        boolean inCandidate;
        long candidateStart;
        long candidateEnd;
        boolean candidateInReadWrite;
        boolean candidateNoReserve;
        long candidateRssBytes;
        long candidateMappedBytes;

        /** Heaps with the nr flag on their rw part (strict), and by shape alone (loose). */
        int strictCount;
        long strictRssBytes;
        long strictMappedBytes;
        int looseCount;
        long looseRssBytes;
        long looseMappedBytes;

        /** "start-end perms offset dev inode [path]". */
        void header(LineCursor cursor) {
            endMapping();
            long s = cursor.readHex();
            if (s == LineCursor.NONE || !cursor.skip("-")) {
                inMapping = false;
                return;
            }
            long e = cursor.readHex();
            cursor.skipSpaces();
            if (e == LineCursor.NONE || cursor.lineEnd() - cursor.position() < 4) {
                inMapping = false;
                return;
            }
            inMapping = true;
            mappings++;
            start = s;
            end = e;
            readWrite = cursor.at("rw");
            noAccess = cursor.at("---");
            cursor.seek(' ');                                  // perms
            cursor.skipSpaces().seek(' ');                     // offset
            cursor.skipSpaces().seek(' ');                     // device
            cursor.skipSpaces().readLong();                    // inode
            cursor.skipSpaces();
            // Named anonymous memory ("[anon:...]", kernel 5.17+) is still anonymous; glibc 2.39+
            // names its arenas so when the glibc.mem.decorate_maps tunable is on.
            anonymous = cursor.atLineEnd() || cursor.at("[anon:");
            brkHeap = cursor.at("[heap]");
            rssBytes = 0;
            noReserve = false;
        }

        void field(LineCursor cursor) {
            char first = cursor.peek();
            if (first == 'R' && cursor.skip("Rss:")) {
                rssBytes = positive(cursor.readBytes());
            } else if (first == 'A' && cursor.skip("Anonymous:")) {
                anonRssBytes += positive(cursor.readBytes());
            } else if (first == 'V' && cursor.skip("VmFlags:")) {
                while (!cursor.skipSpaces().atLineEnd()) {
                    int flag = cursor.position();
                    if (!cursor.seek(' ')) {
                        cursor.position(cursor.lineEnd());
                    }
                    if (cursor.regionEquals(flag, cursor.position(), "nr")) {
                        noReserve = true;
                        anyNoReserve = true;
                    }
                }
            }
        }

        /** Called when the next header or the end of text shows the current mapping is complete. */
        void endMapping() {
            if (!inMapping) {
                return;
            }
            inMapping = false;
            if (brkHeap) {
                mainArenaRssBytes += rssBytes;
            }
            boolean taken = false;
            if (inCandidate) {
                taken = continueCandidate();
                inCandidate &= taken;
            }
            if (!taken && anonymous && readWrite && start % HEAP_MAX_BYTES == 0
                    && end - start <= HEAP_MAX_BYTES) {
                inCandidate = true;
                candidateStart = start;
                candidateEnd = start;
                candidateInReadWrite = true;
                candidateNoReserve = true;
                candidateRssBytes = 0;
                candidateMappedBytes = 0;
                continueCandidate();
            }
        }

        /** Adds the current mapping to the candidate; false if it breaks the heap's shape. */
        private boolean continueCandidate() {
            if (!anonymous || start != candidateEnd || end > candidateStart + HEAP_MAX_BYTES) {
                return false;
            }
            if (readWrite && candidateInReadWrite) {
                candidateRssBytes += rssBytes;
                candidateMappedBytes += end - start;
                candidateNoReserve &= noReserve;
            } else if (noAccess) {
                candidateInReadWrite = false;
            } else {
                return false;
            }
            candidateEnd = end;
            if (candidateEnd == candidateStart + HEAP_MAX_BYTES) {
                inCandidate = false;
                looseCount++;
                looseRssBytes += candidateRssBytes;
                looseMappedBytes += candidateMappedBytes;
                if (candidateNoReserve) {
                    strictCount++;
                    strictRssBytes += candidateRssBytes;
                    strictMappedBytes += candidateMappedBytes;
                }
            }
            return true;
        }

        Smaps result() {
            return anyNoReserve
                    ? new Smaps(mappings, anonRssBytes, mainArenaRssBytes, strictCount, strictRssBytes, strictMappedBytes)
                    : new Smaps(mappings, anonRssBytes, mainArenaRssBytes, looseCount, looseRssBytes, looseMappedBytes);
        }

        private static long positive(long bytes) {
            return bytes == LineCursor.NONE ? 0 : bytes;
        }
    }
}
