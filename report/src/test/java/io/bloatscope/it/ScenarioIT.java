package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Each scenario app runs a few seconds under {@code -javaagent} with NMT on, on every target JDK;
 * every snapshot holds the whole ledger, and the series that the scenario drives move as they
 * should.
 */
class ScenarioIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("scenarios");
    private static final long MB = 1 << 20;

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static SnapshotRun run(TargetJdk jdk, String app, String... args) throws Exception {
        Path out = DIR.resolve(app + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        List<String> allArgs = new ArrayList<>(List.of("--seconds", "4"));
        allArgs.addAll(List.of(args));
        try (ForkedApp forked = ForkedApp.app(app).on(jdk)
                .agent("out=" + out + ",interval=250ms,smaps=250ms")
                .jvm("-XX:NativeMemoryTracking=summary")
                .args(allArgs.toArray(new String[0])).start(DIR)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(90)), forked.describe());
            assertTrue(forked.stdout().contains("DONE"), forked.describe());
            assertFalse(forked.stderr().lines().anyMatch(line -> line.startsWith("[bloatscope] WARN")
                    || line.startsWith("[bloatscope] ERROR")), "the agent ran without a failure\n" + forked.describe());
        }
        SnapshotRun run = Runs.read(out);
        assertEquals(List.of(), run.problems());
        assertTrue(run.snapshots().size() >= 10, "one snapshot per 250 ms over 4 s: " + run.snapshots().size());
        assertWholeLedger(jdk, run);
        return run;
    }

    /** Every snapshot has every section this JVM can provide. */
    private static void assertWholeLedger(TargetJdk jdk, SnapshotRun run) {
        Map<String, Object> header = run.headers().get(0);
        assertEquals("summary", Fields.get(header, "nmt.mode"));
        assertEquals((long) jdk.feature, Fields.getLong(header, "jvm.feature", -1));
        assertNotNull(Fields.get(header, "glibcVersion"), "glibc version in the header");
        for (Map<String, Object> snapshot : run.snapshots()) {
            for (String path : List.of("process.vmRssBytes", "process.vmHwmBytes", "process.rssAnonBytes",
                    "process.rssFileBytes", "process.rssShmemBytes", "process.vmSwapBytes",
                    "heap.usedBytes", "heap.committedBytes", "heap.usedAfterGcBytes",
                    "nonHeap.metaspaceUsedBytes", "nonHeap.classSpaceCommittedBytes", "nonHeap.codeCacheUsedBytes",
                    "classes.loaded", "classes.unloaded", "threads.live", "threads.peak", "threads.daemon",
                    "gc.pauseCount", "nmt.totalCommittedBytes", "smaps.arenaHeapCount", "smaps.mainArenaRssBytes",
                    "agent.tickMicros", "agent.tickCpuMicros", "agent.cpuNanos")) {
                Runs.number(snapshot, path);
            }
            assertNotNull(Fields.get(snapshot, "gc.pauseMillisHistogram"));
            assertNotNull(Fields.get(snapshot, "agent.tickMicrosHistogram"));
            assertNotNull(Fields.find(snapshot, "buffers", "name", "direct"));
            assertNotNull(Fields.find(snapshot, "nmt.categories", "name", "Java Heap"));
            if (jdk.feature >= 18) {
                assertTrue(Runs.number(snapshot, "mallocInfo.arenaCount") >= 1, "malloc_info on JDK 18+");
            }
            if (Fields.get(header, "containerLimitBytes") != null) {
                Runs.number(snapshot, "cgroup.usageBytes");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void unsafeLeakGrowsNmtOther(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "UnsafeNativeLeak");
        long growth = Runs.nmtCommitted(Runs.last(run), "Other") - Runs.nmtCommitted(Runs.first(run), "Other");
        assertTrue(growth >= 4 * MB, "NMT Other grew " + growth + " bytes");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void mallocBloatKeepsArenasFarAboveTrackedMalloc(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "MallocBloat", "--mb-per-thread", "32");
        Map<String, Object> last = Runs.last(run);
        assertTrue(Runs.number(last, "smaps.arenaHeapCount") > 1, "several glibc arenas: " + Fields.get(last, "smaps"));
        long trackedMalloc = 0;
        for (Object category : Fields.getList(last, "nmt.categories")) {
            trackedMalloc += Fields.getLong(category, "mallocBytes", 0);
        }
        long arenaRss = Runs.number(last, "smaps.arenaHeapRssBytes");
        assertTrue(arenaRss > 3 * trackedMalloc, "arena RSS " + arenaRss + " vs NMT malloc " + trackedMalloc);
        if (jdk.feature >= 18) {
            assertTrue(Runs.number(last, "mallocInfo.freeBytes") > Runs.number(last, "mallocInfo.inUseBytes"),
                    "glibc holds more free than live: " + Fields.get(last, "mallocInfo"));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void directBufferCountGrows(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "DirectBufferLeak");
        long growth = Runs.directBufferCount(Runs.last(run)) - Runs.directBufferCount(Runs.first(run));
        assertTrue(growth >= 30, "direct buffers grew by " + growth);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void threadLeakGrowsLiveThreads(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "ThreadLeak");
        assertTrue(Runs.growth(run, "threads.live") >= 40, "live threads grew by " + Runs.growth(run, "threads.live"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void metaspaceLeakGrowsClassesAndMetaspace(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "MetaspaceLeak");
        assertTrue(Runs.growth(run, "classes.loaded") >= 200, "classes grew by " + Runs.growth(run, "classes.loaded"));
        assertTrue(Runs.growth(run, "nonHeap.metaspaceUsedBytes") >= MB);
        long metaspaceNmt = Runs.nmtCommitted(Runs.last(run), jdk.feature >= 21 ? "Metaspace" : "Class");
        assertTrue(metaspaceNmt > 0);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void inflaterLeakGrowsAnonymousRss(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "InflaterLeak");
        assertTrue(Runs.growth(run, "process.rssAnonBytes") >= 3 * MB,
                "anonymous RSS grew by " + Runs.growth(run, "process.rssAnonBytes"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void heapLeakAndSteadyAndSawtoothAreSampled(TargetJdk jdk) throws Exception {
        SnapshotRun leak = run(jdk, "HeapLeak", "--rate", "2000");
        long peakUsed = 0;
        for (Map<String, Object> snapshot : leak.snapshots()) {
            peakUsed = Math.max(peakUsed, Runs.number(snapshot, "heap.usedBytes"));
        }
        assertTrue(peakUsed - Runs.number(Runs.first(leak), "heap.usedBytes") >= 4 * MB,
                "the retained orders show in heap usage");
        SnapshotRun sawtooth = run(jdk, "Sawtooth");
        long pauses = 0;
        for (Map<String, Object> snapshot : sawtooth.snapshots()) {
            pauses += Runs.number(snapshot, "gc.pauseCount");
        }
        assertTrue(pauses > 0, "the sawtooth's collections show up as pauses");
        SnapshotRun steady = run(jdk, "SteadyState");
        long collections = 0;
        for (Object collector : Fields.getList(Runs.last(steady), "gc.collectors")) {
            collections += Fields.getLong(collector, "count", 0);
        }
        assertTrue(collections > 0, "steady garbage is collected");
    }
}
