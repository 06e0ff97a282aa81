package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.agent.Fixtures;
import io.bloatscope.agent.JsonAssert;
import io.bloatscope.agent.write.JsonLine;
import org.junit.jupiter.api.Test;

class MallocInfoTest {
    private final String xml = Fixtures.text("jdk25/native-heap-info.txt");

    @Test
    void jdk25CaptureTotals() {
        MallocInfo info = MallocInfo.parse(xml);
        assertEquals(16, info.arenas.size(), "main arena + 15, matching 15 arena heaps in smaps");
        assertEquals(1536, info.freeFastBytes);
        assertEquals(38256860, info.freeRestBytes);
        assertEquals(96776192, info.systemCurrentBytes);
        assertEquals(96776192, info.systemMaxBytes);
        assertEquals(9, info.mmapCount);
        assertEquals(5771264, info.mmapBytes);
        assertEquals(96776192L - 1536 - 38256860, info.inUseBytes());
    }

    @Test
    void jdk25CapturePerArena() {
        MallocInfo.Arena main = MallocInfo.parse(xml).arenas.get(0);
        assertEquals(0, main.id);
        assertEquals(3, main.freeFastCount);
        assertEquals(208, main.freeFastBytes);
        assertEquals(156, main.freeRestCount);
        assertEquals(2021595, main.freeRestBytes);
        assertEquals(4182016, main.systemCurrentBytes);
        assertEquals(4182016 - 208 - 2021595, main.inUseBytes());
        MallocInfo.Arena first = MallocInfo.parse(xml).arenas.get(1);
        assertEquals(11784192L - 1937841, first.inUseBytes());
    }

    @Test
    void bucketsAreMergedAcrossArenas() {
        MallocInfo info = MallocInfo.parse(xml);
        assertEquals(33, info.freeChunkBuckets.size());
        MallocInfo.Bucket smallest = info.freeChunkBuckets.get(0);
        assertEquals(33, smallest.fromBytes);
        assertEquals(33, smallest.toBytes);
        assertEquals(88, smallest.count);
        assertEquals(2904, smallest.totalBytes);
        MallocInfo.Bucket largest = info.freeChunkBuckets.get(32);
        assertEquals(590913, largest.fromBytes);
        long bucketBytes = info.freeChunkBuckets.stream().mapToLong(b -> b.totalBytes).sum();
        // The buckets list free chunks in bins; fast + rest also counts each arena's top chunk.
        assertEquals(34478796, bucketBytes);
        assertTrue(bucketBytes < info.freeBytes());
    }

    @Test
    void truncatedDocumentSumsTheArenasItHas() {
        String cut = xml.substring(0, xml.indexOf("<heap nr=\"2\">") + 20);
        MallocInfo info = MallocInfo.parse(cut);
        assertEquals(2, info.arenas.size());
        assertEquals(4182016L + 11784192, info.systemCurrentBytes);
        assertEquals(208 + 2021595 + 1937841, info.freeBytes());
        assertEquals(0, info.mmapBytes);
    }

    @Test
    void notMallocInfo() {
        assertThrows(IllegalArgumentException.class, () -> MallocInfo.parse("Unknown diagnostic command"));
        assertThrows(IllegalArgumentException.class, () -> MallocInfo.parse(""));
    }

    @Test
    void sectionFromCapture() {
        JsonLine line = new JsonLine().begin();
        NativeHeapInfoSampler.write(MallocInfo.parse(xml), line);
        String json = line.end().toString();
        JsonAssert.assertWellFormed(json);
        assertTrue(json.startsWith("{\"mallocInfo\":{\"arenaCount\":16,\"inUseBytes\":58517796,"), json);
        assertTrue(json.contains("\"freeChunkBuckets\":[[33,33,88,2904],"), json);
        assertTrue(json.contains("{\"id\":0,\"inUseBytes\":2160213,\"freeBytes\":2021803,"), json);
    }

    @Test
    void samplerInThisJvm() throws Exception {
        NativeHeapInfoSampler sampler = NativeHeapInfoSampler.createIfSupported(DiagnosticCommand.platform());
        int feature = Runtime.version().feature();
        if (feature < 18) {
            assertEquals(null, sampler, "JDK 17 has no System.native_heap_info");
        }
        // The rest needs JDK 18+: skipped, visibly, on the JDK 17 that runs these tests (the ITs fork JDK 25).
        assumeTrue(feature >= 18, "JDK " + feature + " has no System.native_heap_info: sampling malloc_info is not"
                + " tested in this JVM");
        String json = JsonAssert.sampleOnce(sampler);
        assertTrue(JsonAssert.number(json, "arenaCount") >= 1, json);
        assertTrue(JsonAssert.number(json, "systemCurrentBytes") > 0, json);
        assertTrue(JsonAssert.number(json, "inUseBytes") > 0, json);
    }
}
