package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bloatscope.report.model.Capture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture lines are read as captures by both readers, never as snapshots or unknown lines, and the
 * end of the file tells how the run ended.
 */
class CaptureReadingTest {
    @TempDir
    Path dir;

    private static final String HEADER = "{\"type\":\"header\",\"schema\":1,\"part\":0,\"pid\":2147480001,"
            + "\"jvmStartMillis\":1,\"intervalMillis\":1000,\"containerLimitBytes\":-1}";

    private static String snapshot(int seq, String mark) {
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"timeMillis\":" + (1000 + seq * 1000L)
                + (mark == null ? "" : ",\"" + mark + "\":true")
                + ",\"process\":{\"vmRssBytes\":" + (seq + 1) * 104857600L + "},\"sites\":{\"native\":[]}}";
    }

    private static String capture(int seq, double threshold) {
        return "{\"type\":\"capture\",\"seq\":" + seq + ",\"timeMillis\":" + (1000 + seq * 1000L) + ",\"threshold\":"
                + threshold + ",\"limitBytes\":419430400,\"limitSource\":\"memoryLimit\",\"usageBytes\":"
                + (seq + 1) * 104857600L + ",\"usage\":\"rss\",\"growth\":{\"bytesPerMinute\":6291456000,"
                + "\"windowMillis\":2000,\"points\":3},\"secondsToLimit\":1,\"threads\":{\"live\":7,"
                + "\"stackSizeBytes\":1048576},\"snapshot\":" + snapshot(seq, null).replace("\"native\":[]",
                        "\"native\":[{\"frame\":\"a.B.leak(B.java:1)\",\"kind\":\"unsafe\",\"liveBytes\":5,\"liveCount\":1}]")
                + "}";
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void capturesAreNeitherSnapshotsNorProblems() throws IOException {
        Path file = write(HEADER, snapshot(0, null), snapshot(1, null), capture(1, 0.5), snapshot(2, null),
                capture(2, 0.75), snapshot(3, "atExit"));
        RunColumns columns = ColumnarReader.read(file);
        assertEquals(4, columns.size());
        assertEquals(List.of(), columns.problems());
        assertEquals(2, columns.captures().size());
        SnapshotRun run = SnapshotRun.read(file);
        assertEquals(4, run.snapshots().size());
        assertEquals(2, run.captures().size());
        assertEquals(List.of(), run.problems());

        List<Capture> captures = CaptureLines.of(columns.captures());
        Capture last = captures.get(1);
        assertEquals(0.75, last.threshold);
        assertEquals(419430400L, last.limitBytes);
        assertEquals(6291456000L, last.growthBytesPerMinute);
        assertEquals(1L, last.secondsToLimit);
        assertEquals(314572800L, last.evidence.get("rssBytes"));
        assertEquals("a.B.leak(B.java:1)", last.sites.get(0).frame);
        assertEquals(RunEnding.EXIT, RunEnding.read(file, columns).kind);
    }

    @Test
    void aStopSnapshotEndsTheRunEvenBeforeACaptureLine() throws IOException {
        Path file = write(HEADER, snapshot(0, null), snapshot(1, "stopped"), capture(1, 0.5));
        assertEquals(RunEnding.STOP, RunEnding.read(file, ColumnarReader.read(file)).kind);
    }

    @Test
    void aFileNobodyWritesWithoutExitOrStopEndedAbruptly() throws IOException {
        Path file = write(HEADER, snapshot(0, null), snapshot(1, null), capture(1, 0.5), snapshot(2, null),
                "{\"type\":\"snapshot\",\"seq\":3,\"timeMi");
        RunColumns columns = ColumnarReader.read(file);
        assertEquals(RunEnding.RUNNING, RunEnding.read(file, columns).kind, "just written: may still be running");
        assertNull(RunEnding.read(file, columns).note());
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        RunEnding ending = RunEnding.read(file, columns);
        assertEquals(RunEnding.ABRUPT, ending.kind);
        assertEquals(419430400L, ending.limitBytes, "the captures' limit");
        assertEquals("The run ended abruptly (kill -9 or the OOM killer): the file ends with neither an exit nor a "
                + "stop snapshot and has not been written for 60 s. Last RSS 300.0 MB, 75% of the 400.0 MB memory "
                + "limit.", ending.note());
    }
}
