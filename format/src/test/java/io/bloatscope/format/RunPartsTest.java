package io.bloatscope.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files make one run, and what a part's first line says about it. */
class RunPartsTest {
    @TempDir
    Path dir;

    private Path part(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static String header(long pid, long startMillis) {
        return "{\"type\":\"header\",\"schema\":1,\"part\":0,\"pid\":" + pid + ",\"jvmStartMillis\":" + startMillis + "}";
    }

    @Test
    void rotatedPartsOfTheSameJvmOldestFirstAndAnotherJvmsSkippedWithAProblem() throws Exception {
        Path newest = part("app.jsonl", header(42, 1000), "{\"type\":\"snapshot\",\"seq\":9}");
        Path one = part("app.jsonl.1", header(42, 1000));
        Path two = part("app.jsonl.2", header(42, 999), "{\"type\":\"snapshot\",\"seq\":0}");
        Path three = part("app.jsonl.3", header(42, 1000));
        part("app.jsonl.5", header(42, 1000)); // after a gap: not a part of this path any more
        List<String> problems = new ArrayList<>();

        assertEquals(List.of(three, one, newest), RunParts.of(newest, problems));
        assertEquals(List.of("app.jsonl.2: from another JVM than app.jsonl, skipped"), problems,
                "a reused pid with another start time is another JVM");
        assertEquals(List.of(three, two, one, newest), RunParts.oldestFirst(newest));
    }

    @Test
    void withoutAReadableNewestHeaderEveryPartIsKept() throws Exception {
        Path newest = part("app.jsonl", "{\"type\":\"header\",\"pid\":4");
        Path one = part("app.jsonl.1", header(7, 1));
        List<String> problems = new ArrayList<>();
        assertEquals(List.of(one, newest), RunParts.of(newest, problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void theHeaderIsTheFirstNonBlankLineAndOnlyAHeader() throws Exception {
        assertEquals("42@1000", SnapshotHeader.runIdentity(SnapshotHeader.read(part("a", "", "  ", header(42, 1000)))));
        assertNull(SnapshotHeader.read(part("b", "{\"type\":\"snapshot\",\"pid\":42}")), "a snapshot line is no header");
        assertNull(SnapshotHeader.read(part("c", "not json")));
        assertNull(SnapshotHeader.read(part("d")), "empty: the agent has not written yet");
        assertNull(SnapshotHeader.runIdentity(Json.parseObject("{\"type\":\"header\",\"pid\":42}")),
                "no start time: no identity, rather than one that every such header shares");
    }

    @Test
    void notUtf8OrAnEndlessFirstLineIsNotASnapshotFile() throws Exception {
        Path binary = Files.write(dir.resolve("bin"), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThrows(CharacterCodingException.class, () -> SnapshotHeader.firstLine(binary));
        assertNull(SnapshotHeader.read(binary));
        Path endless = Files.writeString(dir.resolve("long"), "x".repeat(SnapshotHeader.MAX_LINE_CHARS + 1));
        assertThrows(SnapshotHeader.LineTooLongException.class, () -> SnapshotHeader.firstLine(endless));
        assertTrue(Files.size(endless) > SnapshotHeader.MAX_LINE_CHARS);
    }
}
