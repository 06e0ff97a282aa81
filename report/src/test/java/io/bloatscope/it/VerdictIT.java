package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.read.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end, as a user would: each scenario app runs briefly under the agent, then
 * {@code report --format json} must name the scenario's verdict first with confidence ≥ 0.7, and
 * the steady and sawtooth apps must come out HEALTHY with no leak or bloat verdict at ≥ 0.5.
 */
class VerdictIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("verdicts");

    static Stream<Arguments> scenarios() {
        List<Arguments> cases = new ArrayList<>();
        for (TargetJdk jdk : TargetJdk.all()) {
            // A small heap, so that old collections confirm the live set's growth within seconds:
            // 15 MB leaked over 10 s crosses G1's occupancy threshold of a 24 MB heap well before the end.
            cases.add(Arguments.of(jdk, "HeapLeak", "HEAP_LEAK", List.of("-Xmx24m")));
            cases.add(Arguments.of(jdk, "UnsafeNativeLeak", "NATIVE_LEAK", List.of()));
            cases.add(Arguments.of(jdk, "InflaterLeak", "NATIVE_LEAK", List.of()));
            // Its loop makes almost no heap garbage, so no collection runs on its own: without one, buffers kept
            // and buffers dropped but not yet collected look alike. Full collections every 2 s (liveSet=2s), each
            // with a snapshot after it, free none of its buffers; 12 s, so the pool's low points after warm-up
            // grow by more than 4 MiB. liveSet=exit would not do: one collection leaves too few low points (4 are
            // needed; measured: INCONCLUSIVE 0.45), and its snapshot precedes the Cleaner.
            cases.add(Arguments.of(jdk, "DirectBufferLeak", "DIRECT_BUFFER_LEAK", List.of()));
            cases.add(Arguments.of(jdk, "MetaspaceLeak", "METASPACE_LEAK", List.of()));
            cases.add(Arguments.of(jdk, "ThreadLeak", "THREAD_LEAK", List.of()));
            cases.add(Arguments.of(jdk, "MallocBloat", "MALLOC_BLOAT", List.of()));
            // Its cache's old values are promoted garbage until an old collection runs: in 8 s none does,
            // so the heap is judged by the live set the agent measures at exit (liveSet=exit).
            cases.add(Arguments.of(jdk, "SteadyState", "HEALTHY", List.of()));
            cases.add(Arguments.of(jdk, "Sawtooth", "HEALTHY", List.of()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0} is {2}")
    @MethodSource("scenarios")
    void scenarioGetsItsVerdict(TargetJdk jdk, String app, String expected, List<String> jvmArgs) throws Exception {
        Path out = DIR.resolve(app + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        List<String> flags = new ArrayList<>(List.of("-XX:NativeMemoryTracking=summary"));
        flags.addAll(jvmArgs);
        try (ForkedApp forked = ForkedApp.app(app).on(jdk).agent("out=" + out + ",interval=250ms,smaps=250ms"
                + (expected.equals("HEALTHY") ? ",liveSet=exit" : app.equals("DirectBufferLeak") ? ",liveSet=2s" : ""))
                .jvm(flags.toArray(new String[0]))
                .args(app.equals("HeapLeak") ? new String[] {"--seconds", "10", "--rate", "1500"}
                        // held 1.5 s before the free, so the snapshots see NMT count the JVM's malloc rise
                        // and fall: on JDK 17 that is what tells freed memory from memory in use
                        : app.equals("MallocBloat") ? new String[] {"--seconds", "8", "--hold-ms", "1500"}
                        : app.equals("DirectBufferLeak") ? new String[] {"--seconds", "12"}
                        : new String[] {"--seconds", "8"}).start(DIR)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(120)), forked.describe());
        }
        Map<String, Object> report = report(out);
        List<Object> verdicts = Fields.getList(report, "verdicts");
        Object first = verdicts.get(0);
        assertEquals(expected, Fields.get(first, "kind"), "first verdict of " + app + ": " + first);
        double confidence = ((Number) Fields.get(first, "confidence")).doubleValue();
        if (expected.equals("HEALTHY")) {
            assertEquals(1, verdicts.size(), "HEALTHY stands alone: " + verdicts);
        } else {
            assertTrue(confidence >= 0.7, app + " confidence " + confidence + ": " + first);
        }
    }

    /**
     * On a JDK with malloc_info, the bloat verdict's prediction of what a trim gives back is
     * within ±25% of what {@code System.trim_native_heap} then releases on that same run.
     */
    @ParameterizedTest(name = "trim prediction on {0}")
    @MethodSource("jdks")
    void mallocBloatPredictsWhatATrimReleases(TargetJdk jdk) throws Exception {
        assumeTrue(jdk.feature >= 18, "System.native_heap_info needs JDK 18+; JDK 17 states an upper bound instead");
        Path out = DIR.resolve("MallocBloat-trim-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = ForkedApp.app("MallocBloat").on(jdk)
                .agent("out=" + out + ",interval=250ms,smaps=250ms").jvm("-XX:NativeMemoryTracking=summary")
                .args("--seconds", "30").start(DIR)) {
            forked.awaitLine("BLOAT_READY", Duration.ofSeconds(60));
            Thread.sleep(6000);
            Map<String, Object> before = report(out);
            Object bloat = Fields.getList(before, "verdicts").get(0);
            assertEquals("MALLOC_BLOAT", Fields.get(bloat, "kind"), before.toString());
            long predicted = ((Number) Fields.get(bloat, "evidence.trimReleasableBytes")).longValue();

            Cli trim = Cli.run("attach", Long.toString(forked.pid()), "trim");
            Matcher released = Pattern.compile("released ([0-9.]+) MB").matcher(trim.stdout);
            assertTrue(released.find(), trim.toString());
            double actualBytes = Double.parseDouble(released.group(1)) * (1 << 20);
            assertTrue(Math.abs(predicted - actualBytes) <= 0.25 * actualBytes,
                    "predicted " + predicted + " bytes, the trim released " + actualBytes);
        }
    }

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static Map<String, Object> report(Path run) throws Exception {
        Cli report = Cli.run("report", run.toString(), "--format", "json");
        assertEquals(0, report.exitCode, report.toString());
        return Json.parseObject(report.stdout);
    }
}
