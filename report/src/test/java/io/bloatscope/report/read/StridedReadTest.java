package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.VerdictKind;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long runs are read with a stride: what every snapshot must give stays exact, the rest is sampled. */
class StridedReadTest {
    /** What a light row carries: exactly the values of a full read. */
    private static final Set<Column> LIGHT = EnumSet.of(Column.RSS, Column.RSS_ANON, Column.RSS_FILE, Column.SWAP,
            Column.OS_THREADS, Column.HEAP_USED, Column.HEAP_COMMITTED, Column.HEAP_MAX, Column.HEAP_USED_AFTER_GC,
            Column.OLD_USED, Column.OLD_USED_AFTER_GC, Column.GC_COUNT, Column.OLD_GC_COUNT);

    @TempDir
    Path dir;

    private static final String[] FIXTURES = {"DirectBufferLeak-17.jsonl", "HeapLeak-25.jsonl",
        "HeapLeakSmallHeap-17.jsonl", "InflaterLeak-17.jsonl", "InflaterLeak-25.jsonl", "MallocBloat-17.jsonl",
        "MallocBloatBeforeTrim-25.jsonl", "MallocBloatTrimmed-25.jsonl", "MetaspaceLeak-25.jsonl", "Sawtooth-25.jsonl",
        "SteadyState-17.jsonl", "ThreadLeak-17.jsonl", "UnsafeNativeLeak-25.jsonl"};

    @Test
    void stridedRowsAgreeWithAFullReadOnRealRuns() throws IOException {
        for (String name : FIXTURES) {
            Path file = ColumnarReaderTest.fixture(name);
            RunColumns full = ColumnarReader.read(file, 1, ColumnarReader.RANGE_BYTES, 0);
            RunColumns strided = ColumnarReader.read(file, 2, 16 << 10, Files.size(file) / 6);
            assertEquals(full.size(), strided.size(), name);
            assertEquals(full.problems(), strided.problems(), name);
            assertEquals(full.truncatedLastLine(), strided.truncatedLastLine(), name);
            int light = 0;
            for (int i = 0; i < full.size(); i++) {
                assertEquals(full.timeMillis(i), strided.timeMillis(i), name);
                boolean complete = strided.complete(i);
                if (!complete) {
                    light++;
                }
                for (Column c : Column.values()) {
                    if (complete || LIGHT.contains(c)) {
                        assertEquals(full.get(c, i), strided.get(c, i), name + " row " + i + " " + c);
                    } else {
                        assertFalse(strided.has(c, i), name + " row " + i + " " + c + " on a light row");
                    }
                }
                if (full.has(Column.SMAPS_ANON, i) || full.has(Column.TRIM_RELEASED, i)) {
                    assertTrue(complete, name + " row " + i + ": smaps and trim lines are read in full");
                }
            }
            assertTrue(light > 0, name + ": the stride left some rows light");
            assertTrue(strided.complete(strided.size() - 1), name + ": the last row is complete");
            assertEquals(full.nmtCategoryEnds().keySet(), strided.nmtCategoryEnds().keySet(), name);
            for (var e : full.nmtCategoryEnds().entrySet()) {
                assertEquals(e.getValue()[0], strided.nmtCategoryEnds().get(e.getKey())[0], name + " " + e.getKey());
                assertEquals(e.getValue()[1], strided.nmtCategoryEnds().get(e.getKey())[1], name + " " + e.getKey());
            }
        }
    }

    @Test
    void smallRunsAreReadInFull() {
        assertEquals(0, ColumnarReader.strideBytes(100L << 20));
        assertTrue(ColumnarReader.strideBytes(3_360_000_000L) > 0);
        assertEquals(3_360_000_000L / ColumnarReader.FULL_LINES, ColumnarReader.strideBytes(3_360_000_000L));
    }

    /**
     * A synthetic run of 6,000 one-second snapshots whose old generation grows only after GCs that
     * fall on light lines, with one trim probe on a light line and the peak RSS on another: striding
     * keeps the leak, the trim and the exact peak.
     */
    @Test
    void aLeakSeenOnlyAfterCollectionsATrimAndThePeakSurviveStriding() throws IOException {
        Path file = dir.resolve("long.jsonl");
        int lines = 6_000;
        int trimAt = 4_321;
        int peakAt = 3_333;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"type\":\"header\",\"schema\":1,\"part\":0,\"pid\":7,\"jvmStartMillis\":1,\"nmt\":{\"mode\":\"summary\"}}\n");
            long live = 100L << 20;
            int gcs = 0;
            int oldGcs = 0;
            long oldAfterGc = live;
            for (int i = 0; i < lines; i++) {
                if (i % 7 == 3) {
                    gcs++;
                    live += 64L << 10; // promoted and never freed: +~9 MB/min
                }
                if (i % 600 == 300) {
                    oldGcs++;
                    oldAfterGc = live;
                }
                long old = live + (i % 7) * (1L << 20);
                long rss = 600L << 20 | (i % 13) << 12;
                if (i == peakAt) {
                    rss = 900L << 20;
                }
                StringBuilder s = new StringBuilder();
                s.append("{\"type\":\"snapshot\",\"seq\":").append(i).append(",\"timeMillis\":").append(1_000_000L + i * 1000L)
                        .append(",\"process\":{\"vmRssBytes\":").append(rss).append(",\"rssAnonBytes\":").append(rss - (50 << 20))
                        .append("},\"heap\":{\"pools\":[{\"name\":\"G1 Eden Space\",\"usedBytes\":1000},{\"name\":\"G1 Old Gen\",\"usedBytes\":")
                        .append(old).append(",\"usedAfterGcBytes\":").append(oldAfterGc)
                        .append("}],\"usedBytes\":").append(old + 1000).append(",\"committedBytes\":").append(1L << 30)
                        .append("},\"gc\":{\"collectors\":[{\"name\":\"G1 Young Generation\",\"count\":").append(gcs)
                        .append("},{\"name\":\"G1 Concurrent GC\",\"count\":").append(oldGcs).append("}]}")
                        .append(",\"nmt\":{\"totalCommittedBytes\":").append(400L << 20).append(",\"totalMallocBytes\":")
                        .append(30L << 20).append(",\"categories\":[");
                for (String category : new String[] {"Java Heap", "Class", "Thread", "Code", "GC", "Other", "Symbol"}) {
                    s.append("{\"name\":\"").append(category).append("\",\"reservedBytes\":1048576,\"committedBytes\":")
                            .append(category.equals("Java Heap") ? 1L << 30 : 1L << 20).append("},");
                }
                s.setLength(s.length() - 1);
                s.append("]}");
                if (i % 60 == 0) {
                    s.append(",\"smaps\":{\"anonRssBytes\":").append(rss - (60 << 20)).append(",\"mainArenaRssBytes\":1048576}");
                }
                if (i == trimAt) {
                    s.append(",\"trim\":{\"rssBeforeBytes\":").append(rss).append(",\"releasedBytes\":7340032,\"trigger\":\"demand\"}");
                }
                s.append(",\"agent\":{\"tickMicros\":120,\"samplerMicros\":{\"nmt\":80,\"smaps\":30,\"trim\":0}}}\n");
                out.write(s.toString());
            }
        }
        long stride = Files.size(file) / 100; // about one line in 60 read in full, as on a week at 1 s
        RunColumns full = ColumnarReader.read(file, 1, ColumnarReader.RANGE_BYTES, 0);
        RunColumns strided = ColumnarReader.read(file, 2, 1 << 20, stride);
        int complete = 0;
        for (int i = 0; i < strided.size(); i++) {
            complete += strided.complete(i) ? 1 : 0;
        }
        assertTrue(complete < lines / 10, complete + " rows read in full");
        assertTrue(strided.complete(trimAt) && strided.has(Column.TRIM_RELEASED, trimAt), "the trim line is read in full");
        assertTrue(strided.complete(peakAt) && strided.has(Column.NMT_COMMITTED, peakAt), "the peak line is read in full");
        assertTrue(strided.complete(lines - 1), "the last line is read in full");
        assertEquals(full.count(Column.SMAPS_ANON), strided.count(Column.SMAPS_ANON), "every smaps line is read");

        Diagnosis a = Diagnoser.diagnose(full);
        Diagnosis b = Diagnoser.diagnose(strided);
        assertEquals(VerdictKind.HEAP_LEAK, a.verdicts.get(0).kind);
        assertEquals(VerdictKind.HEAP_LEAK, b.verdicts.get(0).kind);
        assertEquals(a.verdicts.get(0).confidence, b.verdicts.get(0).confidence, 1e-9);
        assertEquals(a.verdicts.get(0).evidence.get("liveSetAfterGcBytes"), b.verdicts.get(0).evidence.get("liveSetAfterGcBytes"));
        assertEquals(a.peak.rssBytes, b.peak.rssBytes);
        assertEquals(a.peak.timeMillis, b.peak.timeMillis);
        assertEquals(a.latest.timeMillis, b.latest.timeMillis);
        assertEquals(a.peak.parts(), b.peak.parts());
        assertEquals(a.latest.parts(), b.latest.parts());
    }

    @Test
    void aLineCutOffInTheMiddleOfALongRunIsStillReportedUnderStriding() throws IOException {
        Path file = dir.resolve("cut.jsonl");
        StringBuilder s = new StringBuilder("{\"type\":\"header\",\"schema\":1,\"pid\":7,\"jvmStartMillis\":1}\n");
        for (int i = 0; i < 400; i++) {
            String line = "{\"type\":\"snapshot\",\"seq\":" + i + ",\"timeMillis\":" + (1000 + i) + ",\"process\":{\"vmRssBytes\":"
                    + (i + 1) * 1048576L + "},\"heap\":{\"usedBytes\":5},\"gc\":{\"collectors\":[]},\"nmt\":{\"categories\":"
                    + "[{\"name\":\"Other\",\"committedBytes\":1024}]},\"agent\":{\"tickMicros\":3}}";
            s.append(i == 200 ? line.substring(0, line.length() - 30) : line).append('\n');
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        RunColumns strided = ColumnarReader.read(file, 1, 1 << 20, Files.size(file) / 10);
        RunColumns full = ColumnarReader.read(file, 1, 1 << 20, 0);
        assertEquals(399, full.size(), full.problems().toString());
        assertEquals(399, strided.size());
        assertEquals(full.problems(), strided.problems());
        assertEquals(1, strided.problems().size(), strided.problems().toString());
    }

    /** Light lines find their end in the same pass as their tail: odd lines must read as in a full read. */
    @Test
    void oddLinesReadLightAgreeWithAFullRead() throws IOException {
        Path file = dir.resolve("odd.jsonl");
        StringBuilder s = new StringBuilder("{\"type\":\"header\",\"schema\":1,\"pid\":7,\"jvmStartMillis\":1}\n");
        for (int i = 0; i < 600; i++) {
            String head = "{\"type\":\"snapshot\",\"seq\":" + i + ",\"timeMillis\":" + (1000 + i)
                    + ",\"process\":{\"vmRssBytes\":" + (i + 1) * 1048576L + "},\"heap\":{\"usedBytes\":5},"
                    + "\"gc\":{\"collectors\":[]},";
            String tail = "\"nmt\":{\"categories\":[{\"name\":\"Other\",\"committedBytes\":1024}]},\"agent\":{\"tickMicros\":3}}";
            switch (i % 12) {
                case 1 -> s.append(head).append('\n').append(tail).append('\n'); // one object over two lines
                case 2 -> s.append(head).append(tail).append("\r\n");
                case 3 -> s.append("   \n").append(head).append(tail).append('\n');
                case 4 -> s.append(head).append("\"note\":\"a ] and a {\",").append(tail).append('\n');
                case 5 -> s.append(head.replace("\"timeMillis\":" + (1000 + i) + ",", "")).append(tail).append('\n');
                case 6 -> s.append(head).append(tail, 0, tail.length() - 1).append('\n'); // unclosed
                case 7 -> s.append(head).append(tail).append("}\n"); // one brace too many
                case 8 -> s.append(head).append(tail).append("  \t\n");
                case 9 -> s.append(head).append("\"smaps\":{\"anonBytes\":9},").append(tail).append('\n');
                case 10 -> s.append(head).append(tail).append(" x\n");
                default -> s.append(head).append(tail).append('\n');
            }
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        RunColumns full = ColumnarReader.read(file, 1, 1 << 20, 0);
        for (long range : new long[] {1 << 20, 4 << 10}) {
            RunColumns strided = ColumnarReader.read(file, 2, range, Long.MAX_VALUE / 4);
            assertEquals(full.size(), strided.size());
            assertEquals(full.problems(), strided.problems());
            assertEquals(full.truncatedLastLine(), strided.truncatedLastLine());
            int light = 0;
            for (int i = 0; i < full.size(); i++) {
                assertEquals(full.timeMillis(i), strided.timeMillis(i));
                if (!strided.complete(i)) {
                    light++;
                }
                for (Column c : LIGHT) {
                    assertEquals(full.get(c, i), strided.get(c, i), "row " + i + " " + c);
                }
            }
            assertTrue(light > 200, "light rows: " + light);
        }
        assertTrue(full.problems().size() >= 4 * 50, full.problems().toString());
    }
}
