package io.bloatscope.agent.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
    private static final IntFunction<CharSequence> HEADER = part -> "{\"type\":\"header\",\"part\":" + part + "}";

    @TempDir
    Path dir;

    private static String snapshot(long seq) {
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(80) + "\"}";
    }

    private static List<String> lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), () -> file + " ends mid-line");
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line);
        }
        lines.remove(lines.size() - 1);
        return lines;
    }

    @Test
    void createdOwnerOnlyWithAHeaderLine() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            assertEquals(out, file.path());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
            assertEquals(List.of("{\"type\":\"header\",\"part\":0}"), lines(out));
        }
    }

    @Test
    void anExistingWorldReadableFileBecomesOwnerOnly() throws IOException {
        Path out = dir.resolve("x.jsonl");
        Files.writeString(out, "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
            assertEquals(List.of("{\"type\":\"header\",\"part\":0}"), lines(out), "truncated, not appended");
        }
    }

    @Test
    void eachLineIsOnDiskAsSoonAsWriteLineReturns() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            for (int seq = 0; seq < 5; seq++) {
                file.writeLine(snapshot(seq));
                // Read through another stream while the file is still open: nothing may wait in a buffer.
                List<String> lines = lines(out);
                assertEquals(seq + 2, lines.size());
                assertEquals(snapshot(seq), lines.get(lines.size() - 1));
            }
            assertEquals(Files.size(out), file.writtenBytes());
        }
    }

    @Test
    void writesUtf8AndReplacesLoneSurrogates() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine("{\"s\":\"é日\uD83D\uDE00\"}");
            file.writeLine("{\"s\":\"a\uD800b\"}");
            file.writeLine("{\"after\":1}");
        }
        List<String> lines = lines(out);
        assertEquals("{\"s\":\"é日\uD83D\uDE00\"}", lines.get(1));
        assertEquals("{\"s\":\"a?b\"}", lines.get(2));
        assertEquals("{\"after\":1}", lines.get(3));
        byte[] expected = "{\"s\":\"é日\uD83D\uDE00\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = Files.readAllBytes(out);
        byte[] second = java.util.Arrays.copyOfRange(all, lines.get(0).length() + 1,
                lines.get(0).length() + 1 + expected.length);
        assertArrayEquals(expected, second);
    }

    @Test
    void longLinesGrowTheBuffer() throws IOException {
        Path out = dir.resolve("x.jsonl");
        String big = "{\"s\":\"" + "日".repeat(20_000) + "\"}";
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine(big);
            file.writeLine("{\"small\":1}");
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", big, "{\"small\":1}"), lines(out));
    }

    @Test
    void linesLongerThanOneWriteCallAndBuilderLinesArriveWhole() throws IOException {
        Path out = dir.resolve("x.jsonl");
        String ascii = "{\"s\":\"" + "0123456789".repeat(3_000) + "\"}";
        StringBuilder mixed = new StringBuilder("{\"s\":\"").append("x".repeat(9_000)).append("é日").append("y".repeat(9_000))
                .append("\"}");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine(ascii);
            file.writeLine(mixed);
            mixed.setLength(0);
            file.writeLine(mixed.append("{\"short\":1}"));
            assertEquals(Files.size(out), file.writtenBytes());
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", ascii,
                "{\"s\":\"" + "x".repeat(9_000) + "é日" + "y".repeat(9_000) + "\"}", "{\"short\":1}"), lines(out));
    }

    @Test
    void rotatesKeepingMaxFilesPartsEachWithItsHeader() throws IOException {
        Path out = dir.resolve("x.jsonl");
        long maxSize = 4096;
        int written = 300; // about 30 KB: several rotations
        try (SnapshotFile file = new SnapshotFile(out, maxSize, 3, HEADER, false)) {
            for (int seq = 0; seq < written; seq++) {
                file.writeLine(snapshot(seq));
            }
        }
        Path part1 = dir.resolve("x.jsonl.1");
        Path part2 = dir.resolve("x.jsonl.2");
        assertTrue(Files.exists(part1) && Files.exists(part2));
        assertFalse(Files.exists(dir.resolve("x.jsonl.3")), "only maxFiles parts are kept");
        try (var listing = Files.list(dir)) {
            assertEquals(3, listing.count());
        }

        List<Long> seqs = new ArrayList<>();
        long newestPart = -1;
        int index = 0;
        for (Path part : List.of(part2, part1, out)) {
            assertTrue(Files.size(part) <= maxSize, () -> part + " is " + part.toFile().length() + " bytes");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(part)));
            List<String> lines = lines(part);
            Map<String, Object> header = StrictJson.object(lines.get(0));
            assertEquals("header", header.get("type"));
            long partNumber = (Long) header.get("part");
            if (index > 0) {
                assertEquals(newestPart + 1, partNumber, "part numbers count up, oldest first");
            }
            newestPart = partNumber;
            index++;
            for (String line : lines.subList(1, lines.size())) {
                Map<String, Object> object = StrictJson.object(line);
                assertEquals("snapshot", object.get("type"), "one header per part");
                seqs.add((Long) object.get("seq"));
            }
        }
        assertTrue(newestPart >= 3, "rotated several times");
        assertEquals(written - 1, seqs.get(seqs.size() - 1));
        long first = seqs.get(0);
        assertTrue(first > 0, "the oldest lines were rotated away");
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first + i, seqs.get(i), "no line lost or repeated between the kept parts");
        }
    }

    @Test
    void oneFileKeptMeansTheCurrentPartOnly() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 4096, 1, HEADER, false)) {
            for (int seq = 0; seq < 100; seq++) {
                file.writeLine(snapshot(seq));
            }
        }
        assertFalse(Files.exists(dir.resolve("x.jsonl.1")));
        List<String> lines = lines(out);
        assertTrue(StrictJson.object(lines.get(0)).get("type").equals("header"));
        assertEquals(snapshot(99), lines.get(lines.size() - 1));
        assertTrue(Files.size(out) <= 4096);
    }

    @Test
    void aLineLargerThanMaxSizeIsWrittenWholeInAPartOfItsOwn() throws IOException {
        Path out = dir.resolve("x.jsonl");
        String big = "{\"s\":\"" + "x".repeat(10_000) + "\"}";
        try (SnapshotFile file = new SnapshotFile(out, 4096, 5, HEADER, false)) {
            file.writeLine(snapshot(0));
            file.writeLine(big);
            file.writeLine(snapshot(1));
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", snapshot(0)), lines(dir.resolve("x.jsonl.2")));
        assertEquals(List.of("{\"type\":\"header\",\"part\":1}", big), lines(dir.resolve("x.jsonl.1")));
        assertEquals(List.of("{\"type\":\"header\",\"part\":2}", snapshot(1)), lines(out));
    }

    @Test
    void maxSizeZeroNeverRotates() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 2, HEADER, false)) {
            for (int seq = 0; seq < 500; seq++) {
                file.writeLine(snapshot(seq));
            }
        }
        assertFalse(Files.exists(dir.resolve("x.jsonl.1")));
        assertEquals(501, lines(out).size());
        assertTrue(Files.size(out) > 40_000);
    }

    @Test
    void appendContinuesAnExistingFileWithANewHeader() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine(snapshot(0));
            file.writeLine(snapshot(1));
        }
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, true)) {
            file.writeLine(snapshot(2));
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", snapshot(0), snapshot(1),
                "{\"type\":\"header\",\"part\":0}", snapshot(2)), lines(out));

        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine(snapshot(3));
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", snapshot(3)), lines(out), "without append: anew");
    }

    @Test
    void appendCountsTheExistingSizeTowardsRotation() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            for (int seq = 0; seq < 30; seq++) {
                file.writeLine(snapshot(seq)); // ~3.5 KB, no limit yet
            }
        }
        long before = Files.size(out);
        assertTrue(before > 3000 && before < 4096);
        try (SnapshotFile file = new SnapshotFile(out, 4096, 5, HEADER, true)) {
            for (int seq = 30; seq < 50; seq++) {
                file.writeLine(snapshot(seq));
            }
        }
        assertTrue(Files.exists(dir.resolve("x.jsonl.1")), "the appended-to part was rotated when full");
        assertTrue(Files.size(dir.resolve("x.jsonl.1")) <= 4096);
        List<String> current = lines(out);
        assertEquals(snapshot(49), current.get(current.size() - 1));
    }

    @Test
    void headerCanBeWrittenAgainIntoTheCurrentPart() throws IOException {
        Path out = dir.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 0, 5, HEADER, false)) {
            file.writeLine(snapshot(0));
            file.writeHeader();
        }
        assertEquals(List.of("{\"type\":\"header\",\"part\":0}", snapshot(0), "{\"type\":\"header\",\"part\":0}"),
                lines(out));
    }

    @Test
    void openingInAMissingDirectoryFails() {
        assertThrows(IOException.class,
                () -> new SnapshotFile(dir.resolve("missing/x.jsonl"), 0, 5, HEADER, false));
    }

    @Test
    void rotationFailsWithIOExceptionWhenTheDirectoryIsGone() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path out = sub.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 4096, 3, HEADER, false)) {
            file.writeLine(snapshot(0));
            Files.delete(out);
            Files.delete(sub);
            assertThrows(IOException.class, () -> {
                for (int seq = 1; seq < 1000; seq++) {
                    file.writeLine(snapshot(seq));
                }
            });
        }
    }

    @Test
    void rotationFailsWithIOExceptionWhenTheDirectoryIsReadOnly() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path out = sub.resolve("x.jsonl");
        try (SnapshotFile file = new SnapshotFile(out, 4096, 3, HEADER, false)) {
            file.writeLine(snapshot(0));
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-x------"));
            try {
                assumeFalse(Files.isWritable(sub), "running as root: a directory mode does not stop root");
                assertThrows(IOException.class, () -> {
                    for (int seq = 1; seq < 1000; seq++) {
                        file.writeLine(snapshot(seq));
                    }
                });
            } finally {
                Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }
}
