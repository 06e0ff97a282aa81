package io.bloatscope.report.analyze;

import static io.bloatscope.report.analyze.RealRunsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Netty pooled direct buffers recorded with nativeSites=direct (see the runs' README). */
class PooledSitesRunsTest {

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void aPooledLeakNamesTheApplicationsMethodAndThePool(String jdk) throws IOException {
        // JDK 17 with liveSet=2s: without collections a growing direct pool is only a suspicion
        Verdict v = Diagnoser.diagnose(run("NettyPooled-leak-nativeSites-" + (jdk.equals("17") ? "liveSet2s-" : "") + jdk))
                .verdicts.get(0);
        // JDK 17: Netty's chunks are direct ByteBuffers; JDK 25: FFM memory (CleanerJava25), NMT "Other", no ByteBuffer
        assertEquals(jdk.equals("17") ? VerdictKind.DIRECT_BUFFER_LEAK : VerdictKind.NATIVE_LEAK, v.kind, v.summary);
        boolean appInTop3 = v.sites.stream().limit(3).anyMatch(s -> s.frame.startsWith("io.bloatscope.testapps.NettyPooled.handleRequest("));
        assertTrue(appInTop3, "sites: " + v.sites.stream().map(s -> s.frame).toList());
        assertTrue(v.sites.get(0).label().contains("via Netty's pooled allocator, PoolArena.newChunk"), v.sites.get(0).label());
        assertTrue(v.summary.contains("leak of pooled buffers"), v.summary);
        assertTrue(v.remedies.get(0).contains("-Dio.netty.leakDetection.level=paranoid"), v.remedies.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"17", "25"})
    void aPoolThatPlateausGetsNoLeakVerdict(String jdk) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("NettyPooled-plateau-nativeSites-" + jdk));
        for (Verdict v : d.verdicts) {
            boolean leak = v.kind.name().endsWith("_LEAK") && v.confidence >= Diagnoser.VERDICT_THRESHOLD;
            assertTrue(!leak, v.kind + " " + v.confidence + ": " + v.summary);
        }
    }
}
