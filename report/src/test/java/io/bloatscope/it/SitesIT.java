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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allocation sites on the leak apps, on every target JDK: each native leak app's leaking method is
 * the top live native site, the heap leak's is the top surviving heap site, the steady app has no
 * site whose live bytes keep growing, and {@code attach} instruments an already running JVM.
 */
class SitesIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("sites");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static SnapshotRun run(TargetJdk jdk, String app, String sites, String... args) throws Exception {
        return run(jdk, List.of(), app, sites, args);
    }

    private static SnapshotRun run(TargetJdk jdk, List<String> jvmArgs, String app, String sites, String... args)
            throws Exception {
        Path out = DIR.resolve(app + "-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = ForkedApp.app(app).on(jdk).jvm(jvmArgs.toArray(String[]::new))
                .agent("out=" + out + ",interval=500ms,smaps=off,mallocInfo=off," + sites)
                .args(Stream.concat(Stream.of("--seconds", "5"), Stream.of(args)).toArray(String[]::new))
                .start(DIR)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(90)), forked.describe());
            assertFalse(forked.stderr().lines().anyMatch(line -> line.startsWith("[bloatscope] WARN")
                    || line.startsWith("[bloatscope] ERROR") || line.contains("Sharing is only supported")),
                    "the agent ran without a failure or JVM warning\n" + forked.describe());
        }
        SnapshotRun run = Runs.read(out);
        assertEquals(List.of(), run.problems());
        return run;
    }

    /** The first native site of the last snapshot (sites are sorted by live bytes). */
    private static Map<?, ?> topNative(SnapshotRun run) {
        List<Object> sites = Fields.getList(Runs.last(run), "sites.native");
        assertFalse(sites.isEmpty(), "native sites in " + Runs.last(run).get("sites"));
        return (Map<?, ?>) sites.get(0);
    }

    private static void assertTopNative(SnapshotRun run, String kind, String method) {
        Map<?, ?> top = topNative(run);
        assertEquals(kind, top.get("kind"), "top site " + top);
        assertTrue(String.valueOf(top.get("frame")).contains(method), "top site " + top);
        assertTrue(((Number) top.get("liveBytes")).longValue() > 0, "live bytes " + top);
        assertTrue(top.get("sizeHistogram") instanceof String, "histogram " + top);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void inflaterLeak(TargetJdk jdk) throws Exception {
        assertTopNative(run(jdk, "InflaterLeak", "nativeSites=on"), "inflater", "InflaterLeak.leakInflaters(");
    }

    /**
     * The first JVM weaves the JDK classes with ByteBuddy and stores them in the weave cache; the
     * second takes them from there, never loads a ByteBuddy class, and tracks the same leak.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aSecondJvmTakesTheWovenClassesFromTheCacheWithoutByteBuddy(TargetJdk jdk) throws Exception {
        Path cache = emptyDirectoryPath("weave-cache-" + jdk.feature);
        long first = byteBuddyClassesOfAnInflaterLeakRun(jdk, cache, "first");
        long second = byteBuddyClassesOfAnInflaterLeakRun(jdk, cache, "second");
        assertTrue(first > 100, "the first JVM weaves with ByteBuddy: " + first + " classes");
        assertEquals(0, second, "the second JVM loads no ByteBuddy class");
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(7, files.filter(file -> file.toString().endsWith(".woven")).count(), "one file per JDK class");
        }
    }

    /** {@code weave} fills the cache ahead of time: the application's first JVM runs no ByteBuddy. */
    @org.junit.jupiter.api.Test
    void weaveFillsTheCacheBeforeTheApplicationStarts() throws Exception {
        Path cache = emptyDirectoryPath("weave-command-cache");
        Cli weave = Cli.run("weave", "weaveCache=" + cache);
        assertEquals(0, weave.exitCode, weave.toString());
        assertTrue(weave.stdout.startsWith("native sites on for direct+inflater+mmap+threads+unsafe+zip; JDK classes: "
                + "0 from the weave cache, ") && weave.stdout.contains("woven by ByteBuddy (weave cache " + cache + ")"),
                weave.toString());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(7, files.filter(file -> file.toString().endsWith(".woven")).count(), "one file per JDK class");
        }
        assertEquals(0, byteBuddyClassesOfAnInflaterLeakRun(TargetJdk.current(), cache, "after-weave"));

        Cli badFlag = Cli.run("weave", "weaveCache=" + cache, "--", "-Xno-such-flag");
        assertEquals(2, badFlag.exitCode, badFlag.toString());
        assertTrue(badFlag.stderr.strip().lines().count() == 1 && badFlag.stderr.contains("-Xno-such-flag"),
                badFlag.toString());

        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Cli refused = Cli.run("weave", "weaveCache=" + cache);
        assertEquals(2, refused.exitCode, refused.toString());
        assertTrue(refused.stderr.strip().lines().count() == 1 && refused.stderr.contains("writable by others"),
                refused.toString());
    }

    private static Path emptyDirectoryPath(String name) throws Exception {
        Path dir = DIR.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return dir;
    }

    /** Runs the Inflater leak with this weave cache, checks its top site, and counts the ByteBuddy classes it loaded. */
    private static long byteBuddyClassesOfAnInflaterLeakRun(TargetJdk jdk, Path cache, String label) throws Exception {
        Path classLog = DIR.resolve("class-load-" + label + "-" + jdk.feature + ".txt");
        Files.deleteIfExists(classLog);
        SnapshotRun run = run(jdk, List.of("-Xlog:class+load=info:file=" + classLog), "InflaterLeak",
                "nativeSites=on,weaveCache=" + cache);
        assertTopNative(run, "inflater", "InflaterLeak.leakInflaters(");
        try (Stream<String> lines = Files.lines(classLog)) {
            return lines.filter(line -> line.contains(".shaded.bytebuddy.")).count();
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void directBufferLeak(TargetJdk jdk) throws Exception {
        assertTopNative(run(jdk, "DirectBufferLeak", "nativeSites=on"), "direct", "DirectBufferLeak.leakDirectBuffers(");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void unsafeLeak(TargetJdk jdk) throws Exception {
        // The app allocates through its NativeMemory helper; the leaking method is its caller.
        SnapshotRun run = run(jdk, "UnsafeNativeLeak", "nativeSites=unsafe,unsafeSampleBytes=64KB");
        Map<?, ?> top = topNative(run);
        assertEquals("unsafe", top.get("kind"), "top site " + top);
        assertTrue(top.get("frames").toString().contains("UnsafeNativeLeak.leakNativeBlocks("), "top site " + top);
        assertTrue(Runs.number(Runs.last(run), "sites.nativeTotals.unsafeAllocations") > 10);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void threadLeak(TargetJdk jdk) throws Exception {
        assertTopNative(run(jdk, "ThreadLeak", "nativeSites=threads"), "thread", "ThreadLeak.leakWorkerThreads(");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void heapLeakTopSurvivor(TargetJdk jdk) throws Exception {
        // JFR's old-object sampler takes a sample at a thread's TLAB refill, and G1 sizes TLABs for
        // about 50 refills per young collection; JDK 25's G1 gives this 5-second run so large a
        // young generation that it collects once, after start-up, and keeps a sample or two. A small
        // young generation gives the seconds of a test the collections a real leak sees in minutes.
        SnapshotRun run = run(jdk, List.of("-XX:MaxNewSize=32m"), "HeapLeak", "heapSites=on", "--rate", "2000");
        List<Object> heap = Fields.getList(Runs.last(run), "sites.heap");
        assertFalse(heap.isEmpty(), "heap sites " + Runs.last(run).get("sites"));
        Map<?, ?> top = (Map<?, ?>) heap.get(0);
        assertTrue(String.valueOf(top.get("frame")).contains("HeapLeak.leakSomeOrders("), "top heap site " + top);
        assertTrue(((Number) top.get("survivingCount")).longValue() > 0, "survivors " + top);
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void steadyStateHasNoGrowingSite(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "SteadyState", "nativeSites=on,heapSites=on");
        // The snapshot at exit is left out: System.exit starts the JVM's shutdown-hook threads.
        List<Map<String, Object>> snapshots = run.snapshots().stream()
                .filter(s -> !Boolean.TRUE.equals(s.get("atExit"))).collect(java.util.stream.Collectors.toList());
        assertTrue(snapshots.size() < run.snapshots().size(), "the last snapshot is marked atExit");
        // So may the last regular tick, when it falls between System.exit and the exit snapshot (its
        // hook threads were counted there once on a loaded machine): judge up to the one before it.
        Map<String, Object> middle = snapshots.get(snapshots.size() / 2);
        Map<String, Object> judged = snapshots.get(snapshots.size() - 2);
        for (Object site : Fields.getList(judged, "sites.native")) {
            Map<?, ?> now = (Map<?, ?>) site;
            Map<?, ?> before = Fields.find(middle, "sites.native", "frame", now.get("frame"));
            long earlier = before == null ? 0 : ((Number) before.get("liveBytes")).longValue();
            long growth = ((Number) now.get("liveBytes")).longValue() - earlier;
            assertTrue(growth < (1 << 20), "steady app's site grew by " + growth + ": " + now);
        }
        // It makes a Deflater and an Inflater with their no-argument constructors (which delegate
        // to another constructor) and ends both, a few a second: each counted once, each released.
        for (String kind : List.of("deflater", "inflater")) {
            Map<?, ?> zlib = Fields.find(judged, "sites.native", "kind", kind);
            assertNotNull(zlib, kind + " site in " + judged.get("sites"));
            long allocated = ((Number) zlib.get("allocatedCount")).longValue();
            long released = ((Number) zlib.get("releasedCount")).longValue();
            assertTrue(allocated >= 5 && released >= allocated - 1 && released <= allocated, kind + " " + zlib);
            assertTrue(((Number) zlib.get("liveCount")).longValue() <= 1, kind + " " + zlib);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void attachInstrumentsRunningJvm(TargetJdk jdk) throws Exception {
        Path out = DIR.resolve("attached-" + jdk.feature + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp app = ForkedApp.app("DirectBufferLeak").on(jdk).args("--seconds", "60").start(DIR)) {
            app.awaitLine("READY", Duration.ofSeconds(30));
            Cli attach = Cli.run("attach", Long.toString(app.pid()), "out=" + out + ",interval=300ms,nativeSites=on");
            assertEquals(0, attach.exitCode, attach.toString());
            Thread.sleep(3000);
            Cli stop = Cli.run("attach", Long.toString(app.pid()), "stop");
            assertEquals(0, stop.exitCode, stop.toString());
            assertTrue(app.process.isAlive(), "the application goes on");
        }
        assertTopNative(Runs.read(out), "direct", "DirectBufferLeak.leakDirectBuffers(");
    }

    /**
     * Native sites from the first allocation: with {@code -javaagent}, the kinds on are
     * instrumented in premain, before the main class is initialised, so what
     * {@code StaticInitAllocation}'s static initialiser takes is a site through that initialiser:
     * with no site option its direct buffer (the default kinds leave out inflater), with
     * {@code nativeSites=on} its Inflater too. Installed on the sampling thread a second or two
     * after start, as before, neither would appear.
     */
    @ParameterizedTest
    @MethodSource("jdks")
    void aStaticInitialisersAllocationsAreSitesWithTheDefaultOptions(TargetJdk jdk) throws Exception {
        SnapshotRun run = run(jdk, "StaticInitAllocation", "log=debug");
        String log = Files.readString(DIR.resolve("StaticInitAllocation-" + jdk.feature + ".stderr"));
        assertTrue(log.contains("native sites on for direct+mmap+threads+zip;"), "the default kinds: " + log);
        assertFalse(log.contains("WARNING:"), "no JDK warning on the application's standard error: " + log);
        List<Object> sites = Fields.getList(Runs.last(run), "sites.native");
        assertTrue(throughStaticInitialiser(sites, "direct") instanceof Map<?, ?> direct
                && ((Number) direct.get("liveBytes")).longValue() == 8 << 20, "the 8 MB buffer, live: " + sites);
        sites = Fields.getList(Runs.last(run(jdk, "StaticInitAllocation", "nativeSites=on")), "sites.native");
        assertTrue(throughStaticInitialiser(sites, "inflater") instanceof Map<?, ?> inflater
                && ((Number) inflater.get("liveCount")).longValue() == 1, "the Inflater, live: " + sites);
    }

    /** The site of this kind whose frames (the site and its callers) go through the static initialiser, or null. */
    private static Object throughStaticInitialiser(List<Object> sites, String kind) {
        return sites.stream().filter(site -> site instanceof Map<?, ?> map && kind.equals(map.get("kind"))
                && String.valueOf(map.get("frames")).contains("StaticInitAllocation.<clinit>(")).findFirst().orElse(null);
    }
}
