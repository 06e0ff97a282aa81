package io.bloatscope.format.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of {@code VM.native_memory summary}, in bytes.
 *
 * <p>The layout differs between JDKs, so the parser keys on the shapes all of them share and
 * ignores every other line: a {@code Total: reserved=, committed=} line followed by optional
 * {@code malloc:} and {@code mmap:} lines (JDK 17+), and per category a
 * {@code -  Name (reserved=, committed=...)} line followed by parenthesised detail lines, of which
 * {@code (malloc=N [tag=Name] #count)}, {@code (mmap: reserved=, committed=...)},
 * {@code (arena=N #count)} and the Thread category's {@code (stack: reserved=, committed=...)} are
 * read, with the {@code (peak=N #count)} or {@code (at peak)} that follows a malloc or arena figure on
 * JDKs that print it (17.0.x updates and 25 do), and JDK 25's {@code peak=} or {@code at peak} inside
 * the mmap figures: NMT's own high-water mark since the JVM started,
 * which sees what a sampler between two summaries misses (a compilation's arenas live for
 * milliseconds). JDK 25 adds {@code tag=} and {@code readonly=}; category sets differ (25 has
 * GCCardSet, Statistics, ...). Numbers may carry a scale suffix (KB, MB, GB) which is multiplied out;
 * the agent asks for {@code scale=b}, accepted by 17 and 25 alike, because it gives exact byte counts
 * and, unlike the default KB, does not omit categories under 1 KB.
 *
 * <p>Fields a category or the total does not print are -1.
 *
 * <p>Shared by the agent's NMT sampler and {@code @LeakTest}'s native measure, so both read the
 * same categories the same way on every JDK.
 */
public final class NmtSummary {
    /** Whether the output was an NMT report; false for "Native memory tracking is not enabled". */
    public final boolean enabled;
    public final long totalReservedBytes;
    public final long totalCommittedBytes;
    public final long totalMallocBytes;
    public final long totalMallocCount;
    public final long totalMmapReservedBytes;
    public final long totalMmapCommittedBytes;
    public final List<Category> categories;

    private NmtSummary(boolean enabled, long[] total, List<Category> categories) {
        this.enabled = enabled;
        this.totalReservedBytes = total[0];
        this.totalCommittedBytes = total[1];
        this.totalMallocBytes = total[2];
        this.totalMallocCount = total[3];
        this.totalMmapReservedBytes = total[4];
        this.totalMmapCommittedBytes = total[5];
        this.categories = List.copyOf(categories);
    }

    /** The category called {@code name} (e.g. "Java Heap"), or null when this summary has none. */
    public Category category(String name) {
        for (Category category : categories) {
            if (category.name.equals(name)) {
                return category;
            }
        }
        return null;
    }

    /** One NMT category (memory tag), e.g. "Java Heap", "Thread", "Other". */
    public static final class Category {
        public final String name;
        public final long reservedBytes;
        public final long committedBytes;
        public final long mallocBytes;
        public final long mallocCount;
        public final long mmapReservedBytes;
        public final long mmapCommittedBytes;
        public final long arenaBytes;
        public final long arenaCount;
        public final long stackReservedBytes;
        public final long stackCommittedBytes;
        /** The most this category's malloc / arenas / mmap'd memory held at once since the JVM started (-1: not printed). */
        public final long mallocPeakBytes;
        public final long arenaPeakBytes;
        public final long mmapPeakBytes;

        private Category(String name, long[] v) {
            this.name = name;
            reservedBytes = v[0];
            committedBytes = v[1];
            mallocBytes = v[2];
            mallocCount = v[3];
            mmapReservedBytes = v[4];
            mmapCommittedBytes = v[5];
            arenaBytes = v[6];
            arenaCount = v[7];
            stackReservedBytes = v[8];
            stackCommittedBytes = v[9];
            mallocPeakBytes = v[10];
            arenaPeakBytes = v[11];
            mmapPeakBytes = v[12];
        }
    }

    public static NmtSummary parse(String text) {
        LineCursor cursor = new LineCursor().reset(text);
        long[] total = unset(6);
        boolean enabled = false;
        boolean inTotal = false;
        List<Category> categories = new ArrayList<>();
        String name = null;
        long[] values = null;
        while (cursor.nextLine()) {
            cursor.skipSpaces();
            if (cursor.skip("Total:")) {
                enabled = true;
                inTotal = true;
                readPair(cursor, total, 0);
            } else if (inTotal && cursor.skip("malloc:")) {
                total[2] = orUnset(cursor.readBytes());
                total[3] = countAfterHash(cursor);
            } else if (inTotal && cursor.skip("mmap:")) {
                readPair(cursor, total, 4);
            } else if (cursor.skip("-") && cursor.find("(reserved=")) {
                if (name != null) {
                    categories.add(new Category(name, values));
                }
                enabled = true;
                inTotal = false;
                int nameEnd = cursor.position() - "(reserved=".length();
                cursor.position(cursor.lineStart());
                cursor.skipSpaces().skip("-");
                cursor.skipSpaces();
                name = cursor.text(cursor.position(), nameEnd).trim();
                values = unset(13);
                cursor.position(nameEnd);
                readPair(cursor, values, 0);
            } else if (values != null && cursor.skip("(malloc=")) {
                values[2] = orUnset(cursor.readBytes());
                values[3] = countAfterHash(cursor);
                values[10] = peakAfter(cursor, values[2]);
            } else if (values != null && cursor.skip("(mmap:")) {
                int start = cursor.position();
                readPair(cursor, values, 4);
                cursor.position(start);
                values[12] = mmapPeak(cursor, values[5]);
            } else if (values != null && cursor.skip("(arena=")) {
                values[6] = orUnset(cursor.readBytes());
                values[7] = countAfterHash(cursor);
                values[11] = peakAfter(cursor, values[6]);
            } else if (values != null && cursor.skip("(stack:")) {
                readPair(cursor, values, 8);
            } else if (cursor.lineStartsWith("Native memory tracking is not enabled")) {
                break;
            }
        }
        if (name != null) {
            categories.add(new Category(name, values));
        }
        return new NmtSummary(enabled, total, categories);
    }

    /** Reads "reserved=X, committed=Y" from the position into {@code into[at]}, {@code into[at+1]}. */
    private static void readPair(LineCursor cursor, long[] into, int at) {
        int start = cursor.position();
        if (cursor.find("reserved=")) {
            into[at] = orUnset(cursor.readBytes());
        }
        cursor.position(start);
        if (cursor.find("committed=")) {
            into[at + 1] = orUnset(cursor.readBytes());
        }
    }

    /** "#N" later on the line (after "tag=Name", which may contain spaces); -1 if absent. */
    private static long countAfterHash(LineCursor cursor) {
        return cursor.find("#") ? orUnset(cursor.readLong()) : -1;
    }

    /** "(peak=N #count)" later on the line, or {@code current} for "(at peak)"; -1 if neither. */
    private static long peakAfter(LineCursor cursor, long current) {
        int start = cursor.position();
        if (cursor.find("(peak=")) {
            return orUnset(cursor.readBytes());
        }
        cursor.position(start);
        return cursor.find("(at peak)") ? current : -1;
    }

    /** JDK 25's ", peak=N)" or ", at peak)" inside the mmap figures; -1 if neither. */
    private static long mmapPeak(LineCursor cursor, long committed) {
        int start = cursor.position();
        if (cursor.find("peak=")) {
            return orUnset(cursor.readBytes());
        }
        cursor.position(start);
        return cursor.find("at peak") ? committed : -1;
    }

    private static long orUnset(long value) {
        return value == LineCursor.NONE ? -1 : value;
    }

    private static long[] unset(int n) {
        long[] values = new long[n];
        java.util.Arrays.fill(values, -1);
        return values;
    }
}
