package io.bloatscope.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latest sites are found from the end of the file, past what must not be taken for them. */
class SnapshotTailTest {
    @TempDir
    Path dir;

    @Test
    void theLatestWholeSnapshotLineWithSites() throws Exception {
        String sites1 = "{\"type\":\"snapshot\",\"seq\":1,\"sites\":{\"native\":[]}}";
        Path file = Files.write(dir.resolve("run.jsonl"), List.of(
                "{\"type\":\"header\",\"schema\":1}",
                "{\"type\":\"snapshot\",\"seq\":0,\"sites\":{\"native\":[{\"frame\":\"old\"}]}}",
                sites1,
                "{\"type\":\"snapshot\",\"seq\":2}",
                "{\"type\":\"capture\",\"seq\":2,\"snapshot\":{\"type\":\"snapshot\",\"sites\":{\"native\":[]}}}",
                "{\"type\":\"snapshot\",\"seq\":3,\"sites\":{\"nat"));
        assertEquals(Json.parseObject(sites1), SnapshotTail.lastSites(file),
                "not the cut last line, not the capture's embedded snapshot, not an older one");
    }

    @Test
    void aLineOnlyFoundAcrossBlocksAndTheFirstLineOfTheFile() throws Exception {
        String first = "{\"type\":\"snapshot\",\"seq\":0,\"sites\":{\"heap\":[\"" + "x".repeat(1_500_000) + "\"]}}";
        List<String> lines = new ArrayList<>(List.of(first));
        for (int i = 1; i < 3; i++) {
            lines.add("{\"type\":\"snapshot\",\"seq\":" + i + ",\"pad\":\"" + "y".repeat(700_000) + "\"}");
        }
        Path file = Files.write(dir.resolve("big.jsonl"), lines);
        assertEquals(Json.parseObject(first), SnapshotTail.lastSites(file), "a line longer than a block, at the start of the file");
    }

    @Test
    void aCutLineThatHappensToEndInABraceIsPassedOver() throws Exception {
        Path file = Files.write(dir.resolve("cut.jsonl"), List.of(
                "{\"type\":\"snapshot\",\"seq\":1,\"heap\":{\"usedBytes\":5}}",
                "{\"type\":\"snapshot\",\"seq\":2,\"heap\":{\"usedBytes\":6}"));
        assertEquals(1L, SnapshotTail.lastSnapshot(file).get("seq"));
        assertEquals(1L, SnapshotTail.lastSnapshotWith(file, "\"heap\":{").get("seq"));
        assertNull(SnapshotTail.lastSnapshotWith(file, "\"nmt\":{"));
    }

    @Test
    void nothingBeyondTheTail() throws Exception {
        String old = "{\"type\":\"snapshot\",\"seq\":0,\"sites\":{}}";
        Path file = Files.write(dir.resolve("long.jsonl"), List.of(old,
                "{\"type\":\"snapshot\",\"seq\":1,\"pad\":\"" + "z".repeat(SnapshotTail.MAX_BYTES) + "\"}"));
        assertNull(SnapshotTail.lastSites(file));
        assertNull(SnapshotTail.lastSites(Files.write(dir.resolve("empty.jsonl"), new byte[0])));
    }
}
