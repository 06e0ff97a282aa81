package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default smaps cadence reads more often, by itself, while untracked native memory grows (the
 * Inflater leak: zlib's malloc, which neither the heap nor NMT sees), and a cadence the user wrote
 * is kept as written.
 */
class AdaptiveSmapsIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("adaptive-smaps");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static SnapshotRun run(TargetJdk jdk, String name, String smapsOption, int seconds) throws Exception {
        Path out = DIR.resolve(name + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = ForkedApp.app("InflaterLeak").on(jdk)
                .agent("out=" + out + ",interval=250ms" + smapsOption)
                .args("--seconds", Integer.toString(seconds)).start(DIR.resolve(name))) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(seconds + 60L)), forked.describe());
        }
        SnapshotRun run = Runs.read(out);
        assertEquals(List.of(), run.problems());
        return run;
    }

    /** Every snapshot's smaps section, in order. */
    private static List<Map<?, ?>> smapsReads(SnapshotRun run) {
        List<Map<?, ?>> reads = new ArrayList<>();
        for (Map<String, Object> snapshot : run.snapshots()) {
            Object smaps = Fields.get(snapshot, "smaps");
            if (smaps instanceof Map) {
                Map<String, Object> read = new java.util.LinkedHashMap<>();
                ((Map<?, ?>) smaps).forEach((key, value) -> read.put(String.valueOf(key), value));
                read.put("uptimeMillis", snapshot.get("uptimeMillis"));
                reads.add(read);
            }
        }
        return reads;
    }

    private static List<Object> reasons(List<Map<?, ?>> reads) {
        List<Object> reasons = new ArrayList<>();
        for (Map<?, ?> read : reads) {
            reasons.add(read.get("reason"));
        }
        return reasons;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void growingUntrackedMemoryGetsSmapsEveryTenSecondsInsteadOfOnceAMinute(TargetJdk jdk) throws Exception {
        List<Map<?, ?>> reads = smapsReads(run(jdk, "default", "", 23));
        List<Object> reasons = reasons(reads);
        assertEquals("first", reasons.get(0), "reads " + reads);
        List<Map<?, ?>> adaptive = new ArrayList<>();
        for (Map<?, ?> read : reads) {
            if ("adaptive".equals(read.get("reason"))) {
                adaptive.add(read);
            }
        }
        assertTrue(adaptive.size() >= 2, "at least two adaptive reads in 23 s of a 2 MB/s leak: " + reasons);
        assertTrue(Runs.number(adaptive.get(0), "anonOutsideHeapGrowthBytes") >= 4 << 20,
                "the first adaptive read was triggered by at least 4 MiB of growth: " + adaptive.get(0));
        for (int i = 1; i < reads.size(); i++) {
            long gapMillis = Runs.number(reads.get(i), "uptimeMillis") - Runs.number(reads.get(i - 1), "uptimeMillis");
            if (!"exit".equals(reads.get(i).get("reason"))) {
                assertTrue(gapMillis >= 9_000, "never more than one read per 10 s: " + reads);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void anExplicitSmapsIntervalIsNeverOverridden(TargetJdk jdk) throws Exception {
        List<Object> reasons = reasons(smapsReads(run(jdk, "explicit", ",smaps=5m", 23)));
        assertEquals(List.of("first", "exit"), reasons, "smaps=5m: read at the first tick and at exit only");
    }
}
