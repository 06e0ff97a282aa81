package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnarReaderTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(ColumnarReaderTest.class.getResource("/runs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(int part) {
        return "{\"type\":\"header\",\"schema\":1,\"part\":" + part + ",\"pid\":7,\"jvmStartMillis\":1}";
    }

    private static String snapshot(int seq) {
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"timeMillis\":" + (1000 + seq) + ",\"process\":{\"vmRssBytes\":"
                + (seq + 1) * 1048576L + "},\"threads\":{\"live\":" + seq + "}}";
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void agreesWithTheTreeReaderOnARealRun() throws IOException {
        Path file = fixture("MallocBloatTrimmed-25.jsonl");
        SnapshotRun tree = SnapshotRun.read(file);
        RunColumns columns = ColumnarReader.read(file);
        assertEquals(tree.snapshots().size(), columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Map<String, Object> s = tree.snapshots().get(i);
            assertEquals(Fields.getLong(s, "timeMillis", -1), columns.timeMillis(i));
            assertClose(Fields.getLong(s, "process.vmRssBytes", -1), columns.get(Column.RSS, i));
            assertClose(Fields.getLong(s, "heap.usedBytes", -1), columns.get(Column.HEAP_USED, i));
            assertClose(Fields.getLong(s, "nmt.totalMallocBytes", -1), columns.get(Column.NMT_MALLOC, i));
            assertEquals(Fields.getLong(s, "threads.live", -1), columns.get(Column.THREADS_LIVE, i));
            assertClose(Fields.getLong(Fields.find(s, "nmt.categories", "name", "Other"), "committedBytes", -1),
                    columns.get(Column.NMT_OTHER, i));
            if (Fields.get(s, "mallocInfo") != null) {
                assertClose(Fields.getLong(s, "mallocInfo.freeBytes", -1), columns.get(Column.MALLOC_FREE, i));
            } else {
                assertFalse(columns.has(Column.MALLOC_FREE, i), "nothing carried over from another snapshot");
            }
        }
        assertEquals(tree.headers().get(0).get("pid"), columns.headers().get(0).get("pid"));
    }

    /** Byte columns are kept in KiB. */
    private static void assertClose(long expectedBytes, long actualBytes) {
        assertTrue(Math.abs(expectedBytes - actualBytes) <= 512, expectedBytes + " vs " + actualBytes);
    }

    @Test
    void smallRangesOnSeveralThreadsGiveTheSameRows() throws IOException {
        Path file = fixture("InflaterLeak-25.jsonl");
        RunColumns whole = ColumnarReader.read(file, 1);
        RunColumns split = ColumnarReader.read(file, 2, 3000); // ranges shorter than a line
        assertEquals(whole.size(), split.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.timeMillis(i), split.timeMillis(i));
            for (Column c : Column.values()) {
                assertEquals(whole.get(c, i), split.get(c, i), c + " at " + i);
            }
        }
        assertEquals(List.of(), split.problems());
    }

    @Test
    void rotatedPartsOldestFirstAndATruncatedLastLine() throws IOException {
        write("x.jsonl.1", header(0), snapshot(0), snapshot(1));
        Files.writeString(dir.resolve("x.jsonl"), header(1) + "\n" + snapshot(2) + "\n" + snapshot(3).substring(0, 40),
                StandardCharsets.UTF_8);
        RunColumns run = ColumnarReader.read(dir.resolve("x.jsonl"), 2, 64);
        assertEquals(3, run.size());
        assertEquals(1002, run.timeMillis(2));
        assertEquals(3L << 20, run.get(Column.RSS, 2));
        assertTrue(run.truncatedLastLine());
        assertEquals(List.of(), run.problems());
        assertEquals(2, run.headers().size());
    }

    @Test
    void malformedMiddleLinesUnknownTypesAndFieldsAreSkippedAndListed() throws IOException {
        write("y.jsonl", header(0), snapshot(0), "{\"type\":\"snapshot\",\"timeMillis\":5,", "{\"type\":\"comment\"}",
                "{\"type\":\"snapshot\",\"timeMillis\":9,\"future\":{\"deep\":[[[{\"x\":\"}]\"}]]]},\"process\":{\"vmRssBytes\":2048.0}}");
        RunColumns run = ColumnarReader.read(dir.resolve("y.jsonl"));
        assertEquals(2, run.size());
        assertEquals(2048, run.get(Column.RSS, 1));
        assertFalse(run.truncatedLastLine());
        assertEquals(2, run.problems().size(), run.problems().toString());
    }

    @Test
    void oldCollectionsAreCountedByCollectorName() throws IOException {
        String zgc17 = "{\"type\":\"snapshot\",\"timeMillis\":1,\"gc\":{\"collectors\":[{\"name\":\"ZGC Cycles\",\"count\":3},"
                + "{\"name\":\"ZGC Pauses\",\"count\":9}]}}";
        String zgc25 = "{\"type\":\"snapshot\",\"timeMillis\":2,\"gc\":{\"collectors\":[{\"name\":\"ZGC Minor Cycles\",\"count\":5},"
                + "{\"name\":\"ZGC Minor Pauses\",\"count\":15},{\"name\":\"ZGC Major Cycles\",\"count\":2},"
                + "{\"name\":\"ZGC Major Pauses\",\"count\":6}]}}";
        String g1 = "{\"type\":\"snapshot\",\"timeMillis\":3,\"gc\":{\"collectors\":[{\"name\":\"G1 Young Generation\",\"count\":7},"
                + "{\"name\":\"G1 Concurrent GC\",\"count\":2},{\"name\":\"G1 Old Generation\",\"count\":1}]}}";
        write("gc.jsonl", header(0), zgc17, zgc25, g1);
        RunColumns run = ColumnarReader.read(dir.resolve("gc.jsonl"));
        assertEquals(3, run.get(Column.OLD_GC_COUNT, 0), "each ZGC cycle without generations marks the whole heap");
        assertEquals(8, run.get(Column.OLD_GC_COUNT, 1), "minor cycles are young collections");
        assertEquals(3, run.get(Column.OLD_GC_COUNT, 2));
        assertEquals(10, run.get(Column.GC_COUNT, 2));
    }

    @Test
    void partsOfAnotherJvmAreSkipped() throws IOException {
        write("z.jsonl.1", "{\"type\":\"header\",\"pid\":8,\"jvmStartMillis\":1}", snapshot(0));
        write("z.jsonl", header(0), snapshot(1));
        RunColumns run = ColumnarReader.read(dir.resolve("z.jsonl"));
        assertEquals(1, run.size());
        assertTrue(run.problems().get(0).contains("another JVM"), run.problems().toString());
    }

    @Test
    void emptyFileGivesAnEmptyRun() throws IOException {
        write("e.jsonl");
        assertEquals(0, ColumnarReader.read(dir.resolve("e.jsonl")).size());
    }
}
