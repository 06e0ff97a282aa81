package io.bloatscope.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmtSummaryTest {
    private static final long KB = 1024;

    @Test
    void jdk17InBytes() {
        NmtSummary s = NmtSummary.parse(Fixtures.text("jdk17/nmt-summary-bytes.txt"));
        assertTrue(s.enabled);
        assertEquals(8113224385L, s.totalReservedBytes);
        assertEquals(564017857L, s.totalCommittedBytes);
        assertEquals(71883457L, s.totalMallocBytes);
        assertEquals(80365, s.totalMallocCount);
        assertEquals(8041340928L, s.totalMmapReservedBytes);
        assertEquals(492134400L, s.totalMmapCommittedBytes);
        assertEquals(21, s.categories.size());
        assertEquals("Java Heap", s.categories.get(0).name);

        NmtSummary.Category heap = category(s, "Java Heap");
        assertEquals(6320816128L, heap.mmapReservedBytes);
        assertEquals(406847488L, heap.committedBytes);
        assertEquals(-1, heap.mallocBytes);

        NmtSummary.Category other = category(s, "Other");
        assertEquals(40319696, other.committedBytes);
        assertEquals(40319696, other.mallocBytes);
        assertEquals(4002, other.mallocCount);

        NmtSummary.Category thread = category(s, "Thread");
        assertEquals(41005504, thread.reservedBytes);
        assertEquals(40894464, thread.stackReservedBytes);
        assertEquals(2928640, thread.stackCommittedBytes);
        assertEquals(66208, thread.mallocBytes);
        assertEquals(238, thread.mallocCount);
        assertEquals(44832, thread.arenaBytes);
        assertEquals(76, thread.arenaCount);

        // Class prints Metadata/Class space sub-blocks with their own "reserved=": not a category.
        NmtSummary.Category klass = category(s, "Class");
        assertEquals(1074045935L, klass.reservedBytes);
        assertEquals(1073741824L, klass.mmapReservedBytes);
        assertEquals(304111, klass.mallocBytes);
        assertEquals(5712, klass.mallocCount);
        assertEquals(1307824, category(s, "Native Memory Tracking").committedBytes);

        // NMT's own high-water marks: the compiler's arenas peaked well above what they hold now.
        NmtSummary.Category compiler = category(s, "Compiler");
        assertEquals(13472440, compiler.arenaBytes);
        assertEquals(22587592, compiler.arenaPeakBytes);
        assertEquals(39656, compiler.mallocPeakBytes);
        assertEquals(-1, heap.mallocPeakBytes, "no malloc, no peak");
        assertEquals(-1, heap.mmapPeakBytes, "JDK 17 prints no mmap peaks");
    }

    @Test
    void jdk25InBytesWithTagsAndPeaks() {
        NmtSummary s = NmtSummary.parse(Fixtures.text("jdk25/nmt-summary-bytes.txt"));
        assertEquals(7991860616L, s.totalReservedBytes);
        assertEquals(546790792L, s.totalCommittedBytes);
        assertEquals(62672264L, s.totalMallocBytes);
        assertEquals(66130, s.totalMallocCount);
        assertEquals(484118528L, s.totalMmapCommittedBytes);
        assertEquals(23, s.categories.size());

        NmtSummary.Category klass = category(s, "Class");
        assertEquals(269070, klass.mallocBytes);
        assertEquals(6564, klass.mallocCount, "count follows 'tag=Class'");
        assertEquals(1769472, klass.mmapCommittedBytes, "', at peak' after committed");

        NmtSummary.Category thread = category(s, "Thread");
        assertEquals(39845888, thread.stackReservedBytes);
        assertEquals(3002368, thread.stackCommittedBytes);
        assertEquals(43200, thread.arenaBytes);

        assertEquals(371, category(s, "Native Memory Tracking").mallocCount);
        assertEquals(16777312, category(s, "Shared class space").reservedBytes);
        assertEquals(40348368, category(s, "Other").committedBytes);
        assertEquals(488, category(s, "GCCardSet").committedBytes);

        NmtSummary.Category compiler = category(s, "Compiler");
        assertEquals(1151488, compiler.arenaBytes);
        assertEquals(17962400, compiler.arenaPeakBytes, "'(peak=' after the arena figure");
        assertEquals(37176, compiler.mallocPeakBytes, "'(peak=' after 'tag=Compiler #58'");
        NmtSummary.Category tracing = category(s, "Tracing");
        assertEquals(32728, tracing.arenaPeakBytes, "'(at peak)': the peak is the current figure");
        assertEquals(10113, tracing.mallocPeakBytes);
        assertEquals(402653184L, category(s, "Java Heap").mmapPeakBytes, "', at peak)' in the mmap figures");
        assertEquals(14454784L, category(s, "Shared class space").mmapPeakBytes, "', peak=' in the mmap figures");
    }

    @Test
    void kilobyteScaleIsMultipliedOut() {
        NmtSummary s = NmtSummary.parse(Fixtures.text("jdk17/nmt-summary-kb.txt"));
        assertEquals(7923068 * KB, s.totalReservedBytes);
        assertEquals(70196 * KB, s.totalMallocBytes);
        assertEquals(80324, s.totalMallocCount);
        assertEquals(20, s.categories.size(), "KB scale omits categories under 1 KB");
        assertEquals(39375 * KB, category(s, "Other").committedBytes);
        assertEquals(397312 * KB, category(s, "Java Heap").mmapCommittedBytes);
        assertEquals(21, NmtSummary.parse(Fixtures.text("jdk25/nmt-summary-kb.txt")).categories.size());
    }

    @Test
    void trackingOff() {
        for (String jdk : List.of("jdk17", "jdk25")) {
            NmtSummary s = NmtSummary.parse(Fixtures.text(jdk + "/nmt-off.txt"));
            assertFalse(s.enabled, jdk);
            assertTrue(s.categories.isEmpty());
        }
    }

    @Test
    void truncatedAndUnknownLines() {
        String text = Fixtures.text("jdk25/nmt-summary-bytes.txt");
        String cut = text.substring(0, text.indexOf("(malloc=269070") + 10);
        NmtSummary s = NmtSummary.parse("some new header line\n(unknown: x=1)\n" + cut);
        assertEquals(2, s.categories.size());
        NmtSummary.Category klass = category(s, "Class");
        assertEquals(1074010894L, klass.reservedBytes);
        assertEquals(26, klass.mallocBytes, "cut mid-number: the digits that arrived");
        assertEquals(-1, klass.mallocCount);
        assertEquals(-1, klass.mmapReservedBytes);
        assertFalse(NmtSummary.parse("").enabled);
    }

    private static NmtSummary.Category category(NmtSummary s, String name) {
        return s.categories.stream().filter(c -> c.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no category " + name));
    }
}
