package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the snapshot's {@code jemalloc} section (agent {@code allocatorStats}) into its
 * columns, on a line captured from JDK 25 under a preloaded jemalloc: MallocBloat-jemallocStats-25.
 */
class JemallocSectionScanTest {
    private static List<String> lines() throws IOException, URISyntaxException {
        Path run = Path.of(JemallocSectionScanTest.class.getResource("/runs/MallocBloat-jemallocStats-25.jsonl").toURI());
        return Files.readAllLines(run, StandardCharsets.UTF_8);
    }

    /** The tenth snapshot, whole: well after the app freed its blocks. */
    private static String capturedLine() throws IOException, URISyntaxException {
        String line = lines().get(10);
        assertTrue(line.contains("\"jemalloc\":{"), "the captured line has the section: " + line.substring(0, 200));
        return line;
    }

    private static long field(String line, String name) {
        Map<String, Object> jemalloc = (Map<String, Object>) Json.parseObject(line).get("jemalloc");
        return ((Number) jemalloc.get(name)).longValue();
    }

    private static ColumnBlock scan(String line, boolean light, int expectedType) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ColumnBlock block = new ColumnBlock(1);
        block.begin();
        assertEquals(expectedType, new SnapshotLineScanner().scan(bytes, 0, bytes.length, block, light));
        return block;
    }

    private static long value(ColumnBlock block, Column column) {
        int stored = block.columns[column.ordinal()][0];
        return stored == ColumnBlock.ABSENT ? RunColumns.ABSENT : ColumnBlock.decode(column, stored);
    }

    @Test
    void fullScanReadsJemallocsStatistics() throws Exception {
        String line = capturedLine();
        ColumnBlock block = scan(line, false, SnapshotLineScanner.SNAPSHOT);
        // stored in KiB, like every byte column
        assertEquals(field(line, "allocatedBytes") >> 10, value(block, Column.JEMALLOC_ALLOCATED) >> 10);
        assertEquals(field(line, "activeBytes") >> 10, value(block, Column.JEMALLOC_ACTIVE) >> 10);
        assertEquals(field(line, "residentBytes") >> 10, value(block, Column.JEMALLOC_RESIDENT) >> 10);
        assertEquals(field(line, "metadataBytes") >> 10, value(block, Column.JEMALLOC_METADATA) >> 10);
        long resident = value(block, Column.JEMALLOC_RESIDENT);
        long allocated = value(block, Column.JEMALLOC_ALLOCATED);
        assertTrue(resident >= value(block, Column.JEMALLOC_ACTIVE) && value(block, Column.JEMALLOC_ACTIVE) >= allocated
                && allocated > 0, "resident ≥ active ≥ allocated > 0");
        // the rest of the line is still read: the section sits among the others
        assertTrue(value(block, Column.RSS) > resident, "RSS read too");
        assertTrue(value(block, Column.NMT_MALLOC) > 0, "NMT read too");
    }

    @Test
    void lightScanSkipsTheSectionLikeMallocInfo() throws Exception {
        String line = capturedLine();
        ColumnBlock block = scan(line, true, SnapshotLineScanner.SNAPSHOT);
        assertEquals(RunColumns.ABSENT, value(block, Column.JEMALLOC_RESIDENT));
        assertTrue(value(block, Column.RSS) > 0);
    }

    @Test
    void aSectionWithUnknownFieldsOrEmptyIsFine() {
        String line = "{\"type\":\"snapshot\",\"seq\":1,\"timeMillis\":1000,"
                + "\"jemalloc\":{\"futureBytes\":[1,2],\"residentBytes\":8388608,\"allocatedBytes\":4194304}}";
        ColumnBlock block = scan(line, false, SnapshotLineScanner.SNAPSHOT);
        assertEquals(8L << 20, value(block, Column.JEMALLOC_RESIDENT));
        assertEquals(4L << 20, value(block, Column.JEMALLOC_ALLOCATED));
        assertEquals(RunColumns.ABSENT, value(block, Column.JEMALLOC_ACTIVE));
        ColumnBlock empty = scan("{\"type\":\"snapshot\",\"jemalloc\":{}}", false, SnapshotLineScanner.SNAPSHOT);
        assertEquals(RunColumns.ABSENT, value(empty, Column.JEMALLOC_RESIDENT));
        scan("{\"type\":\"snapshot\",\"jemalloc\":{\"residentBytes\":8", false, SnapshotLineScanner.MALFORMED);
    }

    @Test
    void everySnapshotOfTheRecordedRunHasTheSection() throws Exception {
        RunColumns run = ColumnarReader.read(Path.of(JemallocSectionScanTest.class
                .getResource("/runs/MallocBloat-jemallocStats-25.jsonl").toURI()));
        for (int i = 0; i < run.size(); i++) {
            assertTrue(run.has(Column.JEMALLOC_RESIDENT, i) && run.has(Column.JEMALLOC_ALLOCATED, i), "row " + i);
        }
    }
}
