package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.read.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's pooled direct buffers end to end, on every target JDK (issue 18's acceptance): an app
 * that never releases some of its pooled buffers gets a leak verdict whose top three sites name
 * its own method, through the pool, and that says it is a leak of pooled buffers; the same app
 * releasing every buffer gets no leak verdict. One short run per case, every check on its report.
 */
class PooledSitesIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("pooled");
    private static final String APP_METHOD = "io.bloatscope.testapps.NettyPooled.handleRequest(";

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    /**
     * 5000 pooled 16 KB buffers a second; the leak keeps 1 in 10 (8 MB a second, two of Netty's
     * 4 MB chunks), so 10 seconds grow the pool by over a dozen chunks and the verdict is settled
     * well before the end. The heap (and so the JDK's direct-memory limit) leaves the pool room.
     * Native sites for direct buffers and, where Netty 4.2 allocates its chunks through FFM (JDK
     * 25), Unsafe/FFM memory.
     */
    private static Map<String, Object> report(TargetJdk jdk, String name, String leakEvery, int seconds, String options)
            throws Exception {
        Path out = DIR.resolve("NettyPooled-" + name + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = ForkedApp.app("NettyPooled").on(jdk)
                .jvm("-XX:NativeMemoryTracking=summary", "-Xmx256m")
                .agent("out=" + out + ",interval=250ms,nativeSites=direct+unsafe" + options)
                .args("--seconds", Integer.toString(seconds), "--leak-every", leakEvery).start(DIR)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(90)), forked.describe());
        }
        Cli report = Cli.run("report", out.toString(), "--format", "json");
        assertEquals(0, report.exitCode, report.toString());
        return Json.parseObject(report.stdout);
    }

    @ParameterizedTest(name = "pooled leak on {0}")
    @MethodSource("jdks")
    void aPooledLeakNamesTheApplicationsMethodThroughThePool(TargetJdk jdk) throws Exception {
        // Collections every 2 s (liveSet=2s): without them a growing direct pool (JDK 17) is only a suspicion,
        // as buffers kept and buffers dropped but not yet collected look alike; 10 s for enough of them.
        Map<String, Object> report = report(jdk, "leak", "10", 10, ",liveSet=2s");
        Object leak = Fields.getList(report, "verdicts").get(0);
        String kind = String.valueOf(Fields.get(leak, "kind"));
        // JDK 17: Netty's chunks are direct ByteBuffers; JDK 25: FFM memory that NMT counts as Other.
        assertTrue(kind.equals("DIRECT_BUFFER_LEAK") || kind.equals("NATIVE_LEAK"), "first verdict " + leak);
        assertTrue(((Number) Fields.get(leak, "confidence")).doubleValue() >= 0.7, "confidence of " + leak);
        List<Object> sites = Fields.getList(leak, "sites");
        List<String> top3 = sites.stream().limit(3).map(site -> String.valueOf(Fields.get(site, "frame")))
                .collect(Collectors.toList());
        assertTrue(top3.stream().anyMatch(frame -> frame.startsWith(APP_METHOD)), "top 3 sites " + top3);
        Object appSite = sites.stream().filter(site -> String.valueOf(Fields.get(site, "frame")).startsWith(APP_METHOD))
                .findFirst().orElseThrow();
        assertTrue(String.valueOf(Fields.get(appSite, "via")).startsWith("Netty's pooled allocator"),
                "the site goes through the pool: " + appSite);
        String summary = String.valueOf(Fields.get(leak, "summary"));
        assertTrue(summary.contains("leak of pooled buffers"), summary);
        assertTrue(Fields.getList(leak, "remedies").stream()
                .anyMatch(remedy -> remedy.toString().contains("-Dio.netty.leakDetection.level=paranoid")),
                "Netty's own leak detector is the next step: " + Fields.get(leak, "remedies"));
    }

    /**
     * Long enough for the parts that hold the pool's chunks to be judged (a 7-second run judged
     * neither: "too few snapshots"): BUFFERS (JDK 17, direct ByteBuffers) and JVM_INTERNALS (JDK 25,
     * FFM memory in NMT "Other"), and no leak verdict. The heap may stay unjudged in 12 seconds
     * (start-up garbage against a live set measured once at exit); nothing else may.
     */
    @ParameterizedTest(name = "pooled plateau on {0}")
    @MethodSource("jdks")
    void aPoolThatPlateausGetsNoLeakVerdict(TargetJdk jdk) throws Exception {
        Map<String, Object> report = report(jdk, "plateau", "0", 12, ",liveSet=exit");
        List<Object> verdicts = Fields.getList(report, "verdicts");
        for (Object verdict : verdicts) {
            boolean leak = String.valueOf(Fields.get(verdict, "kind")).endsWith("_LEAK")
                    && ((Number) Fields.get(verdict, "confidence")).doubleValue() >= 0.5;
            assertFalse(leak, "no leak verdict for a pool that plateaus: " + verdict);
        }
        Object first = verdicts.get(0);
        List<Object> judged = Fields.getList(first, "judged");
        assertTrue(judged.containsAll(List.of("BUFFERS", "JVM_INTERNALS")), "the pool's parts judged: " + first);
        for (Object notJudged : Fields.getList(first, "notJudged")) {
            assertEquals("JAVA_HEAP", Fields.get(notJudged, "part"), "only the heap may be left unjudged: " + first);
        }
    }
}
