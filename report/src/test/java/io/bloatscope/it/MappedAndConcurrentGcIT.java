package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.report.read.Fields;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two failure classes that once got a confident HEALTHY, end to end on both JDKs: memory that grows
 * as mapped files (a segment store that never drops a mapping: only the mapped buffer pool and
 * file-backed RSS grow), and a heap leak under a concurrent collector whose few "after GC" points
 * scatter (Shenandoah). Each forks the app under the agent for about ten seconds.
 */
class MappedAndConcurrentGcIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("mapped-concurrent");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    @ParameterizedTest(name = "MappedSegments, never closed, on {0}")
    @MethodSource("jdks")
    void mappingsNeverDroppedAreAMappedBufferLeak(TargetJdk jdk) throws Exception {
        // liveSet=2s: requested full collections are the old collections that tell kept readers from
        // dropped ones promoted before they were dropped (with a snapshot after each, once the Cleaner ran)
        Path out = run(jdk, "MappedSegments-leak", ForkedApp.app("MappedSegments").jvm("-Xmx64m").args("--seconds", "8"),
                ",liveSet=2s");
        Map<String, Object> report = report(out);
        Object first = Fields.getList(report, "verdicts").get(0);
        assertEquals("MAPPED_BUFFER_LEAK", Fields.get(first, "kind"), String.valueOf(first));
        assertTrue(((Number) Fields.get(first, "confidence")).doubleValue() >= 0.7, String.valueOf(first));
        assertTrue(String.valueOf(Fields.get(first, "summary")).contains("file-backed RSS"), String.valueOf(first));
        EvidenceIT.assertEvidenceRules(report);
        Cli check = Cli.run("check", out.toString());
        assertEquals(1, check.exitCode, "check fails the build on a mapped buffer leak\n" + check);
    }

    @ParameterizedTest(name = "MappedSegments, 16 readers open, on {0}")
    @MethodSource("jdks")
    void aStoreThatDropsOldReadersIsNoLeak(TargetJdk jdk) throws Exception {
        Path out = run(jdk, "MappedSegments-closed", ForkedApp.app("MappedSegments").jvm("-Xmx64m")
                .args("--seconds", "10", "--open-segments", "16"), ",liveSet=2s");
        Map<String, Object> report = report(out);
        // Nor a native leak: the requested full collections shrink the heap (64 → 20 MB under G1) and the
        // regions left are touched again, which anonymous RSS beyond the heap's estimate shows as growth; without
        // malloc_info (JDK 17) that was once NATIVE_LEAK ~0.7 (runs/MappedSegments-closed-liveSet2s-*).
        for (Object verdict : Fields.getList(report, "verdicts")) {
            String kind = String.valueOf(Fields.get(verdict, "kind"));
            double confidence = ((Number) Fields.get(verdict, "confidence")).doubleValue();
            assertTrue(!kind.equals("MAPPED_BUFFER_LEAK") || confidence < 0.5, "a plateau of mappings is no leak: " + verdict);
            assertTrue(!kind.equals("NATIVE_LEAK") || confidence < 0.5, "nor a native leak: " + verdict);
        }
        EvidenceIT.assertEvidenceRules(report);
    }

    @ParameterizedTest(name = "QuietHeapLeak under Shenandoah on {0}")
    @MethodSource("jdks")
    void aHeapLeakUnderShenandoahIsNeverHealthy(TargetJdk jdk) throws Exception {
        assumeTrue(jdk.supports("-XX:+UseShenandoahGC"), jdk + " has no Shenandoah");
        Path out = run(jdk, "QuietHeapLeak-shenandoah", ForkedApp.app("QuietHeapLeak")
                .jvm("-XX:+UseShenandoahGC", "-Xmx512m")
                .args("--seconds", "10", "--kb-per-s", "2048", "--garbage-mb-per-s", "40"), "");
        Map<String, Object> report = report(out);
        Object first = Fields.getList(report, "verdicts").get(0);
        String kind = String.valueOf(Fields.get(first, "kind"));
        assertNotEquals("HEALTHY", kind, "20 MB kept over 10 s is not health: " + first);
        if (!kind.equals("HEAP_LEAK")) {
            assertEquals("INCONCLUSIVE", kind, String.valueOf(first));
            List<?> open = (List<?>) Fields.get(first, "notJudged");
            assertTrue(open.stream().anyMatch(n -> "JAVA_HEAP".equals(Fields.get(n, "part"))),
                    "INCONCLUSIVE names the heap: " + first);
        }
        EvidenceIT.assertEvidenceRules(report);
    }

    /**
     * ZGC: one generation on JDK 17 (each "ZGC Cycles" collection marks the whole heap, so the leak
     * is judged on the cycles), generations on 25 (a major cycle is the old collection). Either way
     * 2 MB/s kept is named: a leak, or the heap left open, never health.
     */
    @ParameterizedTest(name = "QuietHeapLeak under ZGC on {0}")
    @MethodSource("jdks")
    void aHeapLeakUnderZgcIsNamed(TargetJdk jdk) throws Exception {
        Path out = run(jdk, "QuietHeapLeak-zgc", ForkedApp.app("QuietHeapLeak").jvm("-XX:+UseZGC", "-Xmx512m")
                .args("--seconds", "14", "--kb-per-s", "2048", "--garbage-mb-per-s", "40"), "");
        Map<String, Object> report = report(out);
        Object first = Fields.getList(report, "verdicts").get(0);
        String kind = String.valueOf(Fields.get(first, "kind"));
        if (jdk.feature < 21) {
            assertEquals("HEAP_LEAK", kind, "every ZGC cycle marks the whole heap: " + first);
        } else if (!kind.equals("HEAP_LEAK")) {
            assertEquals("INCONCLUSIVE", kind, String.valueOf(first));
            List<?> open = (List<?>) Fields.get(first, "notJudged");
            assertTrue(open.stream().anyMatch(n -> "JAVA_HEAP".equals(Fields.get(n, "part"))),
                    "INCONCLUSIVE names the heap: " + first);
        }
        EvidenceIT.assertEvidenceRules(report);
    }

    private static Path run(TargetJdk jdk, String name, ForkedApp.Builder builder, String agentExtra) throws Exception {
        return RecordedRun.record(DIR, jdk, name, builder, agentExtra);
    }

    private static Map<String, Object> report(Path run) throws Exception {
        return RecordedRun.report(run);
    }
}
