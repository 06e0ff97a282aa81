package io.bloatscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} on good, damaged and wrong input: exit codes, one-line errors, the output formats. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String header(int schema) {
        return "{\"type\":\"header\",\"schema\":" + schema + ",\"part\":0,\"pid\":77,\"timeMillis\":1700000000000,"
                + "\"jvmStartMillis\":1699999999000,\"jvm\":{\"version\":\"17.0.15\",\"command\":\"demo.Main\"},"
                + "\"nmt\":{\"mode\":\"off\",\"hint\":\"start the JVM with -XX:NativeMemoryTracking=summary\"},"
                + "\"glibcVersion\":\"2.36\",\"futureField\":{\"x\":1}}";
    }

    static String snapshot(int seq) {
        long mb = 1 << 20;
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"timeMillis\":" + (1700000000000L + 1000L * seq)
                + ",\"process\":{\"vmRssBytes\":" + (300 * mb + seq * mb) + "},\"heap\":{\"committedBytes\":" + 128 * mb
                + ",\"usedAfterGcBytes\":" + 40 * mb + "},\"nonHeap\":{\"metaspaceCommittedBytes\":" + 20 * mb
                + ",\"codeCacheCommittedBytes\":" + 8 * mb + "},\"buffers\":[{\"name\":\"direct\",\"usedBytes\":" + mb + "}]}";
    }

    private Path file(String name, List<String> lines, String tail) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n" + tail, StandardCharsets.UTF_8);
        return file;
    }

    private Path goodRun(int snapshots) throws IOException {
        List<String> lines = new ArrayList<>(List.of(header(1)));
        for (int i = 0; i < snapshots; i++) {
            lines.add(snapshot(i));
        }
        return file("run.jsonl", lines, "");
    }

    private static void assertOneLineInputError(Run run, String expected) {
        assertEquals(2, run.exitCode, run.toString());
        assertEquals("", run.out, run.toString());
        assertEquals(1, run.err.lines().count(), "one line: " + run);
        assertTrue(run.err.startsWith("bloatscope: ") && run.err.contains(expected), run.toString());
        assertFalse(run.err.contains("Exception") || run.err.contains("\tat "), "no stack trace: " + run);
    }

    @Test
    void missingFileIsOneLineAndExit2() {
        assertOneLineInputError(run("report", dir.resolve("nope.jsonl").toString()), "no such file");
    }

    @Test
    void emptyDirectoryBinaryAndForeignFilesAreOneLineAndExit2() throws IOException {
        assertOneLineInputError(run("report", Files.createFile(dir.resolve("empty.jsonl")).toString()), "is empty");
        assertOneLineInputError(run("report", dir.toString()), "is a directory");
        Path binary = dir.resolve("core.bin");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe, '\n'});
        assertOneLineInputError(run("report", binary.toString()), "not a bloatscope snapshot file");
        Path text = file("notes.txt", List.of("hello", "world"), "");
        assertOneLineInputError(run("report", text.toString()), "not a bloatscope snapshot file");
        Path json = file("other.json", List.of("{\"type\":\"metrics\"}"), "");
        assertOneLineInputError(run("report", json.toString()), "first line is not a header");
    }

    @Test
    void badCommandLinesAreOneLineAndExit2() throws IOException {
        Path good = goodRun(3);
        assertOneLineInputError(run("report"), "<snapshot file> missing");
        assertOneLineInputError(run("report", good.toString(), "--format", "pdf"), "bad --format 'pdf'");
        assertOneLineInputError(run("report", good.toString(), "--bogus"), "unknown option '--bogus'");
        assertOneLineInputError(run("report", good.toString(), "-o"), "-o needs a value");
        assertOneLineInputError(run("report", good.toString(), "-o", dir.resolve("no/such/dir/r.html").toString()),
                "directory does not exist");
    }

    @Test
    void textToStandardOutputByDefault() throws IOException {
        Run run = run("report", goodRun(5).toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.startsWith("bloatscope report: demo.Main (pid 77, JDK 17.0.15)"), run.toString());
        assertTrue(run.out.contains("NMT was off"), "says what it could not judge: " + run);
    }

    @Test
    void truncatedLastLineIsAccepted() throws IOException {
        Path file = file("cut.jsonl", List.of(header(1), snapshot(0), snapshot(1)), snapshot(2).substring(0, 40));
        Run run = run("report", file.toString(), "--format", "json");
        assertEquals(0, run.exitCode, run.toString());
        Map<String, Object> report = Json.parseObject(run.out);
        assertEquals(2L, ((Map<?, ?>) report.get("ledger")).get("snapshots"));
        assertTrue(report.get("notes").toString().contains("last line was truncated"), run.out);
    }

    @Test
    void newerSchemaIsReadAndNoted() throws IOException {
        Path file = file("future.jsonl", List.of(header(7), snapshot(0), snapshot(1)), "");
        Run run = run("report", file.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("schema 7 is newer than this report knows"), run.toString());
    }

    @Test
    void singleSnapshotIsReportedWithWhatCannotBeJudged() throws IOException {
        Path file = file("one.jsonl", List.of(header(1), snapshot(0)), "");
        for (String format : List.of("text", "md", "json", "html")) {
            Run run = run("report", file.toString(), "--format", format);
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.contains("A single snapshot"), format + ": " + run);
        }
    }

    @Test
    void outputFileFormatFollowsItsExtension() throws IOException {
        Path input = goodRun(10);
        for (String name : List.of("r.html", "r.md", "r.json", "r.txt")) {
            Path output = dir.resolve(name);
            Run run = run("report", input.toString(), "-o", output.toString());
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.out.startsWith("wrote " + output), run.toString());
            String written = Files.readString(output);
            switch (name) {
                case "r.html": assertTrue(written.startsWith("<!DOCTYPE html>")); break;
                case "r.md": assertTrue(written.startsWith("## bloatscope: ")); break;
                case "r.json": assertEquals(1L, Json.parseObject(written).get("schema")); break;
                default: assertTrue(written.startsWith("bloatscope report: ")); break;
            }
        }
        Path forced = dir.resolve("r.html.out");
        assertEquals(0, run("report", input.toString(), "-o", forced.toString(), "--format", "json").exitCode);
        assertEquals(1L, Json.parseObject(Files.readString(forced)).get("schema"));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void demoOutsideTheJarSaysHowToRunIt() {
        assertOneLineInputError(run("demo", "--seconds", "0"), "bad --seconds '0': a whole number");
        assertOneLineInputError(run("demo", "--seconds", "2"), "demo must be run from bloatscope.jar");
    }

    @Test
    void weaveRejectsWhatItCannotUseInOneLine() {
        assertOneLineInputError(run("weave", "interval=1s"), "weave takes the options weaveCache and nativeSites");
        assertOneLineInputError(run("weave", "a", "b"), "unexpected argument 'b'");
        assertOneLineInputError(run("weave", "weaveCache=off"), "leaves nothing to weave");
        assertOneLineInputError(run("weave", "nativeSites=malloc"), "'nativeSites'");
        assertOneLineInputError(run("weave", "nativeSites=direct"), "weave must be run from bloatscope.jar");
    }
}
