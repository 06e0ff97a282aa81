package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.write.JsonLine;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRunTest {
    @TempDir
    Path dir;

    private static String header(int part) {
        return "{\"type\":\"header\",\"schema\":1,\"part\":" + part + "}";
    }

    private static String snapshot(int seq) {
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"heap\":{\"usedBytes\":" + (1000 + seq) + "}}";
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static List<Long> seqs(SnapshotRun run) {
        List<Long> seqs = new ArrayList<>();
        for (Map<String, Object> snapshot : run.snapshots()) {
            seqs.add(Fields.getLong(snapshot, "seq", -1));
        }
        return seqs;
    }

    @Test
    void readsRotatedPartsOldestFirst() throws IOException {
        write("x.jsonl.2", header(0), snapshot(0), snapshot(1));
        write("x.jsonl.1", header(1), snapshot(2), snapshot(3));
        write("x.jsonl", header(2), snapshot(4), snapshot(5));

        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));

        assertEquals(List.of(dir.resolve("x.jsonl.2"), dir.resolve("x.jsonl.1"), dir.resolve("x.jsonl")), run.parts());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seqs(run));
        assertEquals(3, run.headers().size());
        for (int part = 0; part < 3; part++) {
            assertEquals((long) part, run.headers().get(part).get("part"));
        }
        assertEquals(1005L, Fields.getLong(run.snapshots().get(5), "heap.usedBytes", -1));
        assertEquals(List.of(), run.problems());
    }

    @Test
    void aSinglePartRun() throws IOException {
        write("x.jsonl", header(0), snapshot(0));
        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));
        assertEquals(List.of(dir.resolve("x.jsonl")), run.parts());
        assertEquals(List.of(0L), seqs(run));
        assertEquals(1, run.headers().size());
    }

    @Test
    void aTruncatedLastLineIsSkippedAndReportedAsTruncated() throws IOException {
        write("x.jsonl.1", header(0), snapshot(0));
        Files.writeString(dir.resolve("x.jsonl"),
                header(1) + "\n" + snapshot(1) + "\n" + "{\"type\":\"snapshot\",\"seq\":2,\"he", StandardCharsets.UTF_8);

        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));

        assertEquals(List.of(0L, 1L), seqs(run));
        assertEquals(1, run.problems().size(), run.problems().toString());
        String problem = run.problems().get(0);
        assertTrue(problem.startsWith("x.jsonl:") && problem.contains("truncated"), problem);
    }

    @Test
    void aMalformedMiddleLineIsReportedWithItsLineNumber() throws IOException {
        write("x.jsonl.1", header(0), snapshot(0), "{\"type\":\"snapshot\",\"seq\":1,\"oops\":}", snapshot(2));
        write("x.jsonl", header(1), "", snapshot(3), "garbage", snapshot(4));

        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));

        assertEquals(List.of(0L, 2L, 3L, 4L), seqs(run));
        assertEquals(2, run.problems().size(), run.problems().toString());
        String first = run.problems().get(0);
        assertTrue(first.startsWith("x.jsonl.1 line 3:") && first.contains("unreadable"), first);
        assertTrue(!first.contains("truncated"), first);
        String second = run.problems().get(1);
        assertTrue(second.startsWith("x.jsonl line 4:") && second.contains("unreadable"), "blank lines count: " + second);
    }

    @Test
    void unknownTypesAndFieldsAreTolerated() throws IOException {
        write("x.jsonl", "{\"type\":\"header\",\"schema\":2,\"part\":0,\"newFact\":{\"a\":[1]}}",
                "{\"type\":\"snapshot\",\"seq\":0,\"futureSection\":{\"x\":1.5},\"heap\":{\"usedBytes\":7}}",
                "{\"type\":\"siteTable\",\"sites\":[]}",
                "{\"seq\":9}",
                snapshot(1));

        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));

        assertEquals(1, run.headers().size());
        assertEquals(2L, run.headers().get(0).get("schema"));
        assertEquals(List.of(0L, 1L), seqs(run));
        assertEquals(7L, Fields.getLong(run.snapshots().get(0), "heap.usedBytes", -1));
        assertEquals(1.5, Fields.get(run.snapshots().get(0), "futureSection.x"));
        assertEquals(2, run.problems().size(), run.problems().toString());
        assertTrue(run.problems().get(0).startsWith("x.jsonl line 3:")
                && run.problems().get(0).contains("unknown type siteTable"), run.problems().get(0));
        assertTrue(run.problems().get(1).startsWith("x.jsonl line 4:"), run.problems().get(1));
    }

    @Test
    void headersAreKeptApartFromSnapshotsEvenMidPart() throws IOException {
        // The agent writes a second header into the same part when it is reconfigured (append).
        write("x.jsonl", header(0), snapshot(0), header(0), snapshot(1));
        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));
        assertEquals(2, run.headers().size());
        assertEquals(List.of(0L, 1L), seqs(run));
        for (Map<String, Object> header : run.headers()) {
            assertEquals("header", header.get("type"));
        }
    }

    @Test
    void resultsAreReadOnly() throws IOException {
        write("x.jsonl", header(0), snapshot(0));
        SnapshotRun run = SnapshotRun.read(dir.resolve("x.jsonl"));
        assertThrows(UnsupportedOperationException.class, () -> run.snapshots().clear());
        assertThrows(UnsupportedOperationException.class, () -> run.problems().add("x"));
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThrows(IOException.class, () -> SnapshotRun.read(dir.resolve("absent.jsonl")));
    }

    @Test
    void readsBackARunRotatedByTheAgentsWriter() throws IOException {
        Path out = dir.resolve("run.jsonl");
        JsonLine headerLine = new JsonLine();
        JsonLine line = new JsonLine();
        int written = 1000; // ~60 KB through 4 parts of 8 KB
        try (SnapshotFile file = new SnapshotFile(out, 8192, 4,
                part -> headerLine.begin().field("type", "header").field("part", part).end(), false)) {
            for (int seq = 0; seq < written; seq++) {
                file.writeLine(line.begin().field("type", "snapshot").field("seq", seq)
                        .field("name", "thread \"" + seq + "\"\n\u2028é").end());
            }
        }

        SnapshotRun run = SnapshotRun.read(out);

        assertEquals(4, run.parts().size());
        assertEquals(List.of(), run.problems());
        assertEquals(4, run.headers().size());
        List<Long> seqs = seqs(run);
        long first = seqs.get(0);
        assertTrue(first > 0, "the oldest parts were rotated away");
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first + i, seqs.get(i));
            assertEquals("thread \"" + (first + i) + "\"\n\u2028é", run.snapshots().get(i).get("name"));
        }
        assertEquals(written - 1, seqs.get(seqs.size() - 1));
    }
}
