package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** While the scanner is rewritten: the new one gives what the old one gave, on every recorded line. */
class LegacyScannerEquivalenceTest {
    @Test
    void everyRecordedLineScansAlike() throws Exception {
        Path runs = Path.of(getClass().getResource("/runs").toURI());
        Path bench = Path.of(getClass().getResource("/bench").toURI());
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(runs), Files.list(bench))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (f.toString().endsWith(".jsonl") || f.toString().endsWith(".json")) {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
            }
        }
        List<String> variants = new ArrayList<>();
        for (String line : lines) {
            variants.add(line);
            variants.add(line.substring(0, line.length() / 2)); // truncated
            variants.add(line.substring(0, Math.max(0, line.length() - 1)));
            variants.add(line.replace("{\"type\":\"snapshot\",", "{").replace("}", ",\"type\":\"snapshot\"}")
                    .replaceFirst(",\"type\":\"snapshot\"}$", "}")); // type not first (or not at all)
            variants.add(line.replace("\"snapshot\"", "\"history\""));
            variants.add(" " + line + " \t");
        }
        int compared = 0;
        LegacyLineScanner oldScanner = new LegacyLineScanner();
        SnapshotLineScanner newScanner = new SnapshotLineScanner();
        for (String v : variants) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            for (boolean light : new boolean[] {false, true}) {
                ColumnBlock a = new ColumnBlock(1);
                a.begin();
                ColumnBlock b = new ColumnBlock(1);
                b.begin();
                int ta = oldScanner.scan(bytes, 0, bytes.length, a, light);
                int tb = newScanner.scan(bytes, 0, bytes.length, b, light);
                String what = (light ? "light " : "full ") + v.substring(0, Math.min(160, v.length()));
                if (light && (ta == LegacyLineScanner.NEEDS_FULL) != (tb == SnapshotLineScanner.NEEDS_FULL)) {
                    // one gave up on the light scan: what counts is what the full scan the reader then does gives
                    a.begin();
                    b.begin();
                    ta = ta == LegacyLineScanner.NEEDS_FULL ? oldScanner.scan(bytes, 0, bytes.length, a, false) : ta;
                    tb = tb == SnapshotLineScanner.NEEDS_FULL ? newScanner.scan(bytes, 0, bytes.length, b, false) : tb;
                }
                if (ta == LegacyLineScanner.OTHER && tb == SnapshotLineScanner.OTHER) {
                    compared++;
                    continue; // rows of unknown lines are discarded
                }
                assertEquals(ta, tb, what);
                if (ta == SnapshotLineScanner.SNAPSHOT) {
                    same(a, b, what);
                }
                compared++;
            }
            byte[] two = (v + "\n" + v + "\n").getBytes(StandardCharsets.UTF_8);
            ColumnBlock a = new ColumnBlock(1);
            a.begin();
            ColumnBlock b = new ColumnBlock(1);
            b.begin();
            int na = oldScanner.scanLightToNewline(two, 0, two.length, a);
            int nb = newScanner.scanLightToNewline(two, 0, two.length, b);
            assertEquals(na, nb, "fused " + v.substring(0, Math.min(160, v.length())));
            if (na >= 0) {
                same(a, b, "fused");
            }
        }
        assertTrue(compared > 1000, "compared " + compared);
    }

    private static void same(ColumnBlock a, ColumnBlock b, String what) {
        assertEquals(a.timeMillis[0], b.timeMillis[0], what);
        for (Column c : Column.ALL) {
            assertEquals(a.columns[c.ordinal()][0], b.columns[c.ordinal()][0], c + " " + what);
        }
        assertEquals(a.nmtCategoryEnds.keySet(), b.nmtCategoryEnds.keySet(), what);
        for (Map.Entry<String, long[]> e : a.nmtCategoryEnds.entrySet()) {
            assertArrayEquals(e.getValue(), b.nmtCategoryEnds.get(e.getKey()), what);
        }
    }
}
