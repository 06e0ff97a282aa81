package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.Fixtures;
import io.bloatscope.agent.JsonAssert;
import org.junit.jupiter.api.Test;

class SmapsTest {
    private static final long KB = 1024;

    @Test
    void jdk17CaptureHasFifteenArenaHeaps() {
        Smaps s = Smaps.parse(Fixtures.text("jdk17/smaps.txt"));
        assertEquals(265, s.mappings);
        assertEquals(157408 * KB, s.anonRssBytes);
        assertEquals(4032 * KB, s.mainArenaRssBytes);
        assertEquals(15, s.arenaHeapCount);
        assertEquals(94936 * KB, s.arenaHeapRssBytes);
        assertEquals(98713600, s.arenaHeapMappedBytes);
    }

    @Test
    void jdk25CaptureSkipsAlignedMetaspaceNode() {
        // malloc_info of the same JVM lists 16 arenas: main + 15 non-main, one heap each. The
        // 64 MiB metaspace node at 0x7fe344000000 has the same shape but no "nr" flag.
        Smaps s = Smaps.parse(Fixtures.text("jdk25/smaps.txt"));
        assertEquals(252, s.mappings);
        assertEquals(165348 * KB, s.anonRssBytes);
        assertEquals(3968 * KB, s.mainArenaRssBytes);
        assertEquals(15, s.arenaHeapCount);
        assertEquals(86828 * KB, s.arenaHeapRssBytes);
        assertEquals(92594176, s.arenaHeapMappedBytes);
    }

    @Test
    void withoutVmFlagsTheShapeAloneDecides() {
        String smaps = stripVmFlags(Fixtures.text("jdk25/smaps.txt"));
        assertEquals(16, Smaps.parse(smaps).arenaHeapCount);
    }

    @Test
    void heapShapes() {
        String fullyGrown = mapping("7f0000000000-7f0004000000 rw-p", 100, "rd wr mr mw me nr");
        assertEquals(1, Smaps.parse(fullyGrown).arenaHeapCount);
        String stack = mapping("7f0000000000-7f0000004000 ---p", 0, "mr mw me nr")
                + mapping("7f0000004000-7f0004000000 rw-p", 8, "rd wr mr mw me nr");
        assertEquals(0, Smaps.parse(stack).arenaHeapCount, "guard page first: a stack, not a heap");
        String tooBig = mapping("7f0000000000-7f0000400000 rw-p", 8, "rd wr mr mw me nr")
                + mapping("7f0000400000-7f0008000000 ---p", 0, "mr mw me nr");
        assertEquals(0, Smaps.parse(tooBig).arenaHeapCount, "a 128 MiB reservation is not a heap");
        String unaligned = mapping("7f0000100000-7f0000400000 rw-p", 8, "rd wr mr mw me nr")
                + mapping("7f0000400000-7f0004100000 ---p", 0, "mr mw me nr");
        assertEquals(0, Smaps.parse(unaligned).arenaHeapCount);
        String truncated = mapping("7f0000000000-7f0000400000 rw-p", 8, "rd wr mr mw me nr")
                + "7f0000400000-7f00";
        Smaps t = Smaps.parse(truncated);
        assertEquals(0, t.arenaHeapCount);
        assertEquals(1, t.mappings);
    }

    @Test
    void samplerOnThisJvm() throws Exception {
        String json = JsonAssert.sampleOnce(new SmapsSampler());
        assertTrue(JsonAssert.number(json, "mappings") > 50, json);
        assertTrue(JsonAssert.number(json, "anonRssBytes") > 10L << 20, json);
        assertTrue(JsonAssert.number(json, "arenaHeapCount") >= 0, json);
    }

    private static String mapping(String range, long rssKb, String flags) {
        return range + " 00000000 00:00 0 \nSize: 4 kB\nRss: " + rssKb + " kB\nAnonymous: " + rssKb
                + " kB\nVmFlags: " + flags + "\n";
    }

    private static String stripVmFlags(String smaps) {
        StringBuilder out = new StringBuilder(smaps.length());
        for (String line : smaps.split("\n")) {
            if (!line.startsWith("VmFlags:")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
