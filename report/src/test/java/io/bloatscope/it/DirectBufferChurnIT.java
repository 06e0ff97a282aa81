package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direct buffers dropped, not kept (DirectBufferChurn: 64 KB–1 MB each, ~8.5 MB/s, in a 512 MB heap that
 * makes almost no garbage, its young generation fixed at 256 MB so that no collection runs for minutes), end to
 * end on both JDKs. With no collection running, the direct pool climbs
 * for the whole run exactly as a leak's would: the engine once called it DIRECT_BUFFER_LEAK 0.85. It may
 * only name the pool as not judged, with the step; with collections requested every 2 s, whose low points
 * stay flat, the pool is judged and no direct-buffer verdict remains. Each case forks the app for 10 s.
 */
class DirectBufferChurnIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("direct-churn");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    @ParameterizedTest(name = "DirectBufferChurn without collections on {0}")
    @MethodSource("jdks")
    void droppedBuffersAwaitingTheGcAreNoDirectBufferLeak(TargetJdk jdk) throws Exception {
        Path out = run(jdk, "DirectBufferChurn", "");
        Map<String, Object> report = RecordedRun.report(out);
        assertNoDirectBufferFinding(report);
        Object first = Fields.getList(report, "verdicts").get(0);
        // no collection ran (the young generation holds minutes of the agent's own garbage), so the pool's
        // growth is a suspicion naming the direct buffers and its step
        assertEquals("INCONCLUSIVE", Fields.get(first, "kind"), String.valueOf(first));
        Object buffers = part(Fields.getList(first, "notJudged"), "BUFFERS");
        assertTrue(buffers != null, "the direct pool is named as not judged: " + first);
        assertTrue(String.valueOf(Fields.get(buffers, "reason")).contains("direct buffer pool"), String.valueOf(buffers));
        assertTrue(String.valueOf(Fields.get(buffers, "remedy")).contains("liveSet=<interval>"), String.valueOf(buffers));
        assertTrue(String.valueOf(Fields.get(first, "summary")).contains("a direct buffer leak"), String.valueOf(first));
        assertTrue(((Number) Fields.get(first, "confidence")).doubleValue() < 0.5, "a suspicion: " + first);
        EvidenceIT.assertEvidenceRules(report);
        Cli check = Cli.run("check", out.toString());
        assertEquals(3, check.exitCode, "check calls buffers awaiting the GC inconclusive, not a leak\n" + check);
    }

    @ParameterizedTest(name = "DirectBufferChurn with liveSet=2s on {0}")
    @MethodSource("jdks")
    void droppedBuffersFreedByEachCollectionAreJudgedFlat(TargetJdk jdk) throws Exception {
        Map<String, Object> report = RecordedRun.report(run(jdk, "DirectBufferChurn-liveSet2s", ",liveSet=2s"));
        assertNoDirectBufferFinding(report);
        for (Object verdict : Fields.getList(report, "verdicts")) {
            assertNotEquals("DIRECT_BUFFER_LEAK", Fields.get(verdict, "kind"), "no direct-buffer verdict at all: " + verdict);
        }
        // HEALTHY is expected; on JDK 17 (no malloc_info) the native detector may leave malloc in use open on
        // glibc keeping the freed buffers' memory, which is its question, not the direct pool's
        Object first = Fields.getList(report, "verdicts").get(0);
        assertTrue(Fields.getList(first, "judged").contains("BUFFERS"), "the pool's low points judged: " + first);
        assertEquals(null, part(Fields.getList(first, "notJudged"), "BUFFERS"), String.valueOf(first));
        EvidenceIT.assertEvidenceRules(report);
    }

    private static void assertNoDirectBufferFinding(Map<String, Object> report) {
        for (Object verdict : Fields.getList(report, "verdicts")) {
            boolean finding = "DIRECT_BUFFER_LEAK".equals(Fields.get(verdict, "kind"))
                    && ((Number) Fields.get(verdict, "confidence")).doubleValue() >= 0.5;
            assertTrue(!finding, "buffers dropped are no direct buffer leak: " + verdict);
        }
    }

    private static Object part(List<Object> notJudged, String name) {
        return notJudged.stream().filter(n -> name.equals(Fields.get(n, "part"))).findFirst().orElse(null);
    }

    private static Path run(TargetJdk jdk, String name, String agentExtra) throws Exception {
        return RecordedRun.record(DIR, jdk, name, ForkedApp.app("DirectBufferChurn").jvm("-Xmx512m", "-Xmn256m")
                .args("--seconds", "10"), agentExtra);
    }
}
