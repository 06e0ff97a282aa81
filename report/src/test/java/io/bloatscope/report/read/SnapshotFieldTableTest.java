package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The field table reaches every column: each {@link Column} the analysis reads is filled by some run
 * recorded on JDK 17 or 25 (resources runs/), so an entry lost or misnamed in {@link SnapshotFieldTable} (the agent's
 * fields renamed, say) shows here instead of as a verdict that quietly lost its evidence.
 */
class SnapshotFieldTableTest {
    @Test
    void everyColumnIsFilledBySomeRecordedRun() throws Exception {
        Set<Column> filled = EnumSet.noneOf(Column.class);
        Path runs = Path.of(getClass().getResource("/runs").toURI());
        try (Stream<Path> files = Files.list(runs)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jsonl"))::iterator) {
                RunColumns run = read(file);
                for (Column column : Column.ALL) {
                    if (run.count(column) > 0) {
                        filled.add(column);
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(Column.class), filled);
    }

    /** The trim probe's figures, as the agent wrote them on JDK 17 and 25, land in their columns. */
    @Test
    void aTrimProbesFiguresAreRead() throws Exception {
        for (String jdk : new String[] {"17", "25"}) {
            Path file = Path.of(getClass().getResource("/runs/MallocBloat-trimProbe-" + jdk + ".jsonl").toURI());
            RunColumns run = read(file);
            int row = 0;
            int probes = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Map<String, Object> object = Json.parseObject(line);
                if (!"snapshot".equals(object.get("type"))) {
                    continue;
                }
                long released = Fields.getLong(object, "trim.releasedBytes", RunColumns.ABSENT);
                long before = Fields.getLong(object, "trim.rssBeforeBytes", RunColumns.ABSENT);
                assertEquals(released == RunColumns.ABSENT, !run.has(Column.TRIM_RELEASED, row), jdk + " row " + row);
                if (released != RunColumns.ABSENT) {
                    probes++;
                    // byte columns are KiB-grained
                    assertEquals(released >> 10, run.get(Column.TRIM_RELEASED, row) >> 10, jdk + " row " + row);
                    assertEquals(before >> 10, run.get(Column.TRIM_RSS_BEFORE, row) >> 10, jdk + " row " + row);
                }
                row++;
            }
            assertEquals(run.size(), row, jdk);
            assertTrue(probes >= 2, jdk + ": the run recorded probes, " + probes);
        }
    }

    private static RunColumns read(Path file) throws IOException {
        return ColumnarReader.read(file, 1);
    }
}
