package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.ColumnarReader;
import io.bloatscope.report.read.RunColumns;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on real captures of the scenario apps (report/src/test/resources/runs: 8 s at 250 ms
 * with NMT summary and smaps every 250 ms, -Xmx256m as the integration tests run them; histograms
 * and per-arena lists stripped to keep them small).
 */
class RealRunsTest {
    static final double MB = 1 << 20;

    static Path run(String name) {
        try {
            return Path.of(RealRunsTest.class.getResource("/runs/" + name + ".jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "HeapLeakSmallHeap-17, HEAP_LEAK, 0.7",
        "InflaterLeak-17, NATIVE_LEAK, 0.7",
        "InflaterLeak-25, NATIVE_LEAK, 0.7",
        // with nativeSites=inflater; mid-run the JVM freed 10 MB of its own malloc and glibc gave 7 MB back
        "InflaterLeakJvmFreed-17, NATIVE_LEAK, 0.7",
        // two smaps reads, no collection: judged on the anonymous-RSS series alone
        "InflaterLeak-defaultSmaps-17, NATIVE_LEAK, 0.7",
        "UnsafeNativeLeak-25, NATIVE_LEAK, 0.7",
        // kept direct buffers, with requested full collections every 2 s (liveSet=2s) that free none of them
        "DirectBufferLeak-liveSet2s-17, DIRECT_BUFFER_LEAK, 0.7",
        "DirectBufferLeak-liveSet2s-25, DIRECT_BUFFER_LEAK, 0.7",
        // kept direct buffers beside a busy heap (a promoted cache churning at 200 MB/s, -Xmx128m): on 17
        // no full collection, confirmed by G1's mixed collections (the old pool's usage after GC); on 25
        // by the concurrent cycles' count; with an old collection between almost every two snapshots
        "DirectBufferLeak-busyHeap-17, DIRECT_BUFFER_LEAK, 0.7",
        "DirectBufferLeak-busyHeap-25, DIRECT_BUFFER_LEAK, 0.7",
        // direct buffers dropped as fast as they come: each requested collection frees them
        "DirectBufferChurn-liveSet2s-17, HEALTHY, 0",
        "DirectBufferChurn-liveSet2s-25, HEALTHY, 0",
        "MetaspaceLeak-25, METASPACE_LEAK, 0.7",
        "ThreadLeak-17, THREAD_LEAK, 0.7",
        "MallocBloat-17, MALLOC_BLOAT, 0.7",
        // under jemalloc, judged from jemalloc's own statistics (allocatorStats=on, JDK 25)
        "MallocBloat-jemallocStats-25, MALLOC_BLOAT, 0.7",
        // 2.8 s: the bloat is plain, whether live native memory also grows is not (see the next test)
        "MallocBloatBeforeTrim-25, MALLOC_BLOAT, 0.5",
        // the same run past a jcmd System.trim_native_heap: the memory was given back
        "MallocBloatTrimmed-25, HEALTHY, 0",
        // no collection until the one the agent requested at exit (liveSet=exit) pins the live set
        "QuietHeapLeak-liveSetExit-17, HEAP_LEAK, 0.7",
        "QuietHeapLeak-liveSetExit-25, HEAP_LEAK, 0.7",
        // Inflaters left to the Cleaner: 1 GB outside the JVM's accounting beside a 64 MB heap. JDK 17
        // has no malloc_info to tell in use from free: INCONCLUSIVE naming that (suspicion 0.72)
        "ReleasedByGc-heavy-17, INCONCLUSIVE, 0.5",
        "ReleasedByGc-heavy-25, NATIVE_HELD, 0.7",
        "ReleasedByGc-nativeSites-17, NATIVE_CHURN, 0.7",
        "ReleasedByGc-nativeSites-25, NATIVE_CHURN, 0.7",
        "LoaderLeak-defaults-25, METASPACE_LEAK, 0.7",
        "WebLikeSteady-defaults-17, HEALTHY, 0",
        "WebLikeSteady-defaults-25, HEALTHY, 0",
        // at smaps=2s on one CPU: two C2 bursts served from fresh pages (NMT +4.6 MB, anonymous RSS +7.4 MB)
        // once read as native growth the arenas confirmed (NATIVE_LEAK 0.66); outside them anonymous RSS rose 1 MB
        "WebLikeSteady-smaps2s-oneCpu-17, HEALTHY, 0",
        "ReleasedByGc-fixed-25, HEALTHY, 0",
        "Sawtooth-25, HEALTHY, 0",
        // a segment store that maps every segment it writes and never drops a reader: only the mapped
        // buffer pool and file-backed RSS grow (once HEALTHY: file-backed pages were judged by what they are);
        // requested full collections every 2 s (liveSet=2s), each with a snapshot after it, confirm it
        "MappedSegments-liveSet2s-17, MAPPED_BUFFER_LEAK, 0.7",
        "MappedSegments-liveSet2s-25, MAPPED_BUFFER_LEAK, 0.7",
        // the same store keeping 16 readers open: dropped mappings are collected, the pool plateaus
        "MappedSegments-closed-liveSet2s-25, HEALTHY, 0",
        // 320 MB leaked through Unsafe, reaching the app's cap 2 s before the end: once read as a plateau
        // (HEALTHY without the liveSet evidence); a flat end that short is no plateau yet
        "UnsafeNativeLeak-captures-17, NATIVE_LEAK, 0.5",
        "UnsafeNativeLeak-captures-25, NATIVE_LEAK, 0.5",
        // the agent's first trim probe gave back 488 MB; a smaps reading from before it no longer says
        // what glibc keeps at the end
        // zlib leaking 2 MB/s beside a young generation filling at 8 MB/s with no collection: the heap's
        // pages rise in every interval (once judged flat on 17: the heap's rise was weighed like malloc's)
        "InflaterLeak-busyHeap-17, NATIVE_LEAK, 0.7",
        "InflaterLeak-busyHeap-25, NATIVE_LEAK, 0.7",
        "MallocBloat-trimProbe-17, HEALTHY, 0",
        "MallocBloat-trimProbe-25, HEALTHY, 0",
    })
    void eachScenarioGetsItsVerdict(String name, VerdictKind expected, double minConfidence) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertEquals(expected, first.kind, first.summary + " " + d.notes);
        if (expected != VerdictKind.HEALTHY) {
            assertTrue(first.confidence >= minConfidence, name + ": " + first.confidence);
        } else {
            assertEquals(1, d.verdicts.size());
            assertTrue(first.notJudged.isEmpty() || first.notJudged.stream().noneMatch(n -> n.part.equals("JAVA_HEAP")),
                    first.notJudged.toString());
        }
    }

    /**
     * Runs whose heap grew with no old collection to tell live objects from promoted garbage (8 s,
     * a 256 MB heap) were once called HEALTHY: the heap was never judged. Now the heap is named as
     * not judged, with the step that settles it, and no leak is claimed either.
     */
    @ParameterizedTest
    @CsvSource({"SteadyState-17", "HeapLeak-25", "QuietHeapLeak-noGc-17", "QuietHeapLeak-noGc-25"})
    void aHeapThatGrewWithoutAnOldCollectionIsInconclusive(String name) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
        assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("JAVA_HEAP") && n.remedy.contains("liveSet=exit")),
                first.notJudged.toString());
        assertTrue(first.confidence < 0.7, "a suspicion, not a finding: " + first.confidence);
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.HEAP_LEAK || v.kind == VerdictKind.HEALTHY));
    }

    /**
     * A heap leak (2 MB/s kept, 40 MB/s of garbage) under Shenandoah, whose "after GC" usage includes
     * what was allocated during its concurrent cycle: a few scattered points. Once HEALTHY (a finding
     * at 0.43 below the bar, or four points with no visible trend, read as "nothing grows"); now the
     * heap is named as not judged, with the step, and HEALTHY is never said.
     */
    @ParameterizedTest
    @CsvSource({"QuietHeapLeak-shenandoah-17", "QuietHeapLeak-shenandoah-25", "QuietHeapLeak-shenandoah-scatter-25"})
    void aConcurrentCollectorsFewScatteredPointsDoNotMakeAHeapFlat(String name) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertTrue(first.kind == VerdictKind.HEAP_LEAK || first.kind == VerdictKind.INCONCLUSIVE, first.summary);
        if (first.kind == VerdictKind.INCONCLUSIVE) {
            assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("JAVA_HEAP")
                    && (n.remedy.contains("run longer") || n.remedy.contains("liveSet=exit"))),
                    first.notJudged.toString());
        }
    }

    /**
     * The same leak under ZGC on JDK 17, a heap of one generation: every "ZGC Cycles" collection marks
     * all of it, so the usage after each cycle is the live set (plus what the cycle saw allocated), not
     * promoted garbage awaiting an old collection. Once INCONCLUSIVE saying no old collection ran, which
     * was untrue; now the leak, at about the rate the app keeps (2 MB/s).
     */
    @Test
    void aHeapOfOneGenerationIsJudgedOnItsCycles() throws IOException {
        Verdict first = Diagnoser.diagnose(run("QuietHeapLeak-zgc-17")).verdicts.get(0);
        assertEquals(VerdictKind.HEAP_LEAK, first.kind, first.summary);
        assertTrue(first.confidence >= 0.7, first.summary);
        double perSecond = ((Number) first.evidence.get("growthBytesPerMinute")).doubleValue() / 60;
        assertTrue(perSecond > 1.5 * (1 << 20) && perSecond < 3 * (1 << 20), "2 MB/s kept, measured " + perSecond);
    }

    /**
     * A steady service whose heap (128 MB) is far above its live set (3 MB) for the 20 s of the run:
     * nothing grows, so HEALTHY, but it must not claim that no memory is held beyond its use; it says
     * it is too soon to tell, and is less confident for it.
     */
    @Test
    void healthWithAHeapFarAboveItsLiveSetSaysItIsTooSoonToTellBloat() throws IOException {
        Verdict healthy = Diagnoser.diagnose(run("WebLikeSteady-defaults-25")).verdicts.get(0);
        assertEquals(VerdictKind.HEALTHY, healthy.kind);
        assertFalse(healthy.summary.contains("no memory is held"), healthy.summary);
        assertTrue(healthy.summary.contains("Too soon to tell") && healthy.summary.contains("committed heap"), healthy.summary);
        assertTrue(healthy.evidence.containsKey("tooSoonToTell"), healthy.evidence.toString());
        assertTrue(healthy.confidence < 0.7, "a caveat lowers confidence: " + healthy.confidence);
    }

    /**
     * CompilerArenas on JDK 17 ending right after its last compilation: the compiler freed 65 MB that
     * glibc keeps, and the arenas less NMT's malloc less what the JVM freed rose by 7 MB while
     * anonymous RSS rose by 3. Once NATIVE_LEAK 0.76: reuse of freed memory and a leak look alike
     * there, so malloc in use is left open (and malloc bloat may not say live memory does not grow).
     */
    @Test
    void growthThatTheJvmsOwnFreesCouldExplainIsNoNativeLeak() throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("CompilerArenas-short-17"));
        Verdict first = d.verdicts.get(0);
        assertTrue(first.kind != VerdictKind.NATIVE_LEAK && first.kind != VerdictKind.HEALTHY, first.summary);
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.NATIVE_LEAK && v.confidence >= 0.5),
                d.verdicts.toString());
        assertTrue(d.verdicts.stream().anyMatch(v -> v.kind == VerdictKind.INCONCLUSIVE
                && v.notJudged.stream().anyMatch(n -> n.part.equals("MALLOC_IN_USE") && n.remedy.contains("trim"))));
    }

    /**
     * Without an old collection followed by a snapshot, readers dropped after their buffers were
     * promoted look like readers kept: the growing store is a suspicion naming the mapped files and the step, never HEALTHY, and
     * the store that drops its readers is never called a leak.
     */
    @ParameterizedTest
    @CsvSource({"MappedSegments-17, true", "MappedSegments-25, true", "MappedSegments-closed-17, false",
        "MappedSegments-closed-25, false", "MappedSegments-closed-liveSet2s-17, false",
        "MappedSegments-closed-liveSet2s-25, false",
        // the exit's collection alone does not confirm: the snapshot right after it precedes the Cleaner
        "MappedSegments-liveSetExit-17, true", "MappedSegments-liveSetExit-25, true"})
    void mappedBuffersWithoutAnOldCollectionAreASuspicion(String name, boolean growing) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.MAPPED_BUFFER_LEAK && v.confidence >= 0.5),
                d.verdicts.toString());
        if (growing) {
            assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
            assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("FILES") && n.remedy.contains("liveSet=<interval>")),
                    first.notJudged.toString());
        }
    }

    /**
     * A direct buffer pool that grows while no collection runs cannot tell buffers kept from buffers
     * dropped and awaiting the GC (their Cleaners free them after it): the leak (kept) and the churn
     * (dropped, in a 512 MB heap that makes almost no garbage) look alike, and each is a suspicion
     * naming direct buffers and the step, never a DIRECT_BUFFER_LEAK finding (the churn once was one).
     * With collections requested every 2 s the churn's low points are flat: no direct-buffer verdict.
     */
    @ParameterizedTest
    @CsvSource({"DirectBufferLeak-17, true", "DirectBufferChurn-17, true", "DirectBufferChurn-25, true",
        "NettyPooled-leak-nativeSites-17, true", "DirectBufferChurn-liveSet2s-17, false",
        "DirectBufferChurn-liveSet2s-25, false"})
    void directBuffersWithoutCollectionsAreASuspicion(String name, boolean growing) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.DIRECT_BUFFER_LEAK), d.verdicts.toString());
        if (growing) {
            assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
            assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("BUFFERS") && n.reason.contains("direct buffer")
                    && n.remedy.contains("liveSet=<interval>")), first.notJudged.toString());
            assertTrue(first.summary.contains("a direct buffer leak"), first.summary);
            assertTrue(first.confidence < 0.5, "a suspicion, not a finding: " + first.confidence);
        } else {
            assertTrue(first.notJudged.stream().noneMatch(n -> n.part.equals("BUFFERS")), first.notJudged.toString());
        }
    }

    /** The suspicion names what allocated the buffers when the agent recorded sites, as the finding would. */
    @Test
    void aDirectBufferSuspicionNamesItsSites() throws IOException {
        Verdict suspicion = Diagnoser.diagnose(run("NettyPooled-leak-nativeSites-17")).verdicts.get(0);
        assertEquals(VerdictKind.INCONCLUSIVE, suspicion.kind, suspicion.summary);
        assertTrue(suspicion.sites.stream().limit(3).anyMatch(s -> s.frame.startsWith("io.bloatscope.testapps.NettyPooled.handleRequest(")),
                suspicion.sites.toString());
    }

    /**
     * With NMT off, malloc_info's in-use figure (JDK 25) and the smaps arenas (JDK 17) hold the direct
     * buffers' memory and nothing takes it out: the churn once read as a native leak of JNI code at 0.85
     * (and the kept buffers at 0.74, beside their own verdict). Growth the direct pool accounts for is
     * not a native leak; native memory growing beside a flat pool (kept Inflaters) still is.
     */
    @ParameterizedTest
    @CsvSource({"DirectBufferChurn-25, true", "DirectBufferLeak-17, true", "DirectBufferLeak-liveSet2s-25, true",
        "InflaterLeak-17, false", "InflaterLeak-25, false"})
    void withoutNmtOnlyGrowthBeyondTheDirectPoolIsANativeLeak(String name, boolean directBuffers, @TempDir Path dir)
            throws IOException {
        Diagnosis d = Diagnoser.diagnose(LessEvidence.without(run(name), "nmt", dir));
        boolean nativeLeak = d.verdicts.stream().anyMatch(v -> v.kind == VerdictKind.NATIVE_LEAK && v.confidence >= 0.5);
        boolean explained = d.notes.stream().anyMatch(n -> n.startsWith("Not a native leak") && n.contains("direct buffers"));
        assertEquals(!directBuffers, nativeLeak, d.verdicts.toString());
        assertEquals(directBuffers, explained, d.notes.toString());
        if (directBuffers) {
            assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.NATIVE_LEAK && v.confidence >= 0.25),
                    d.verdicts.toString());
        }
    }

    @Test
    void aDirectBufferLeakSaysCollectionsDidNotFreeIt() throws IOException {
        Verdict leak = Diagnoser.diagnose(run("DirectBufferLeak-liveSet2s-25")).verdicts.get(0);
        assertEquals(VerdictKind.DIRECT_BUFFER_LEAK, leak.kind);
        assertTrue(((Number) leak.evidence.get("directBufferBytes")).doubleValue() > 8 * MB, leak.evidence.toString());
        assertTrue(leak.summary.contains("collections"), leak.summary);
        assertTrue(leak.judged.contains("BUFFERS"), leak.judged.toString());
        assertTrue(leak.remedies.stream().anyMatch(r -> r.contains("direct buffers")), leak.remedies.toString());
    }

    /**
     * The store keeping 16 readers open under liveSet=2s: G1 shrinks the heap 64 → 20 MB at the first
     * requested collection and touches the regions left again, so anonymous RSS beyond the heap's resident
     * estimate rises ~9 MB while malloc_info shows malloc in use flat (JDK 25). Without malloc_info (as on
     * JDK 17) the anonymous-RSS series once called it NATIVE_LEAK 0.70: the heap's pages could hold the rise,
     * so malloc in use is left open with the smaps step and no leak is claimed. Kept Inflaters with no
     * collection and two smaps reads are still a leak by the same series.
     */
    @Test
    void anonymousGrowthAShrunkHeapCouldHoldIsNoNativeLeak(@TempDir Path tmp) throws IOException {
        Path withoutMallocInfo = LessEvidence.without(run("MappedSegments-closed-liveSet2s-25"), "mallocInfo", tmp);
        for (Path run : List.of(withoutMallocInfo, run("MappedSegments-closed-liveSet2s-17"))) {
            Diagnosis d = Diagnoser.diagnose(run);
            assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.NATIVE_LEAK && v.confidence >= 0.5),
                    run + ": " + d.verdicts);
            Verdict first = d.verdicts.get(0);
            assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
            // the step fits the run: a 10 s run's 8 s window needs reads every second or two, not every 10 s
            assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("MALLOC_IN_USE")
                    && n.remedy.matches("smaps=[12]s .*")), first.notJudged.toString());
        }
        Verdict leak = Diagnoser.diagnose(run("InflaterLeak-defaultSmaps-17")).verdicts.get(0);
        assertEquals(VerdictKind.NATIVE_LEAK, leak.kind, leak.summary);
        assertTrue(leak.confidence >= 0.7, "a leak the heap cannot hold stays a finding: " + leak.confidence);
    }

    /**
     * The price of that: kept Inflaters (~2 MB/s) for 10 s under liveSet=2s, where the shrunk heap could
     * also hold the 16 MB the series grew by and the window holds one smaps read (the one before it shows
     * the arenas growing, which over a span holding warm-up confirms nothing, and without malloc_info
     * could be free memory glibc keeps, as on MappedSegments-closed-liveSet2s-25). Once NATIVE_LEAK 0.77,
     * now a suspicion naming malloc in use and the smaps step; never HEALTHY. (20 s gives the agent's
     * adaptive reads inside the window: NATIVE_LEAK 0.77.)
     */
    @Test
    void aNativeLeakTheShrunkHeapCouldAlsoHoldIsASuspicionNeverHealth() throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("InflaterLeak-liveSet2s-17"));
        Verdict first = d.verdicts.get(0);
        if (first.kind != VerdictKind.NATIVE_LEAK) {
            assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
            assertTrue(first.confidence >= 0.25, "the growth is a suspicion, said as such: " + first.confidence);
            assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("MALLOC_IN_USE") && n.remedy.contains("smaps=")),
                    first.notJudged.toString());
        }
    }

    /**
     * A heap leak under Shenandoah on JDK 17 with the default smaps cadence (a read at the first tick
     * and at exit): its pages show as anonymous memory beyond the heap's estimate, once a native
     * suspicion (0.34) that left malloc in use open. The arenas beyond the JVM's malloc stayed flat
     * between the read before the window and the exit's while that grew by 22 MB: malloc did not grow,
     * and the heap could hold it, so malloc in use is judged and only the heap is left open.
     */
    @Test
    void flatArenasAroundTheWindowRefuteMallocGrowth() throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("QuietHeapLeak-shenandoah-17"));
        Verdict first = d.verdicts.get(0);
        assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
        assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("JAVA_HEAP")), first.notJudged.toString());
        assertTrue(first.notJudged.stream().noneMatch(n -> n.part.equals("MALLOC_IN_USE")), first.notJudged.toString());
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.NATIVE_LEAK && v.confidence >= 0.25),
                d.verdicts.toString());
    }

    /**
     * The store keeping 16 readers open (a plateau) under liveSet=2s, one run of seven on JDK 17: the
     * mapped pool's low points scatter (R² 0.20) around a rise their order alone carries (τ 0.43), once
     * MAPPED_BUFFER_LEAK 0.52. A finding needs the rise the points prove to clear the bar.
     */
    @Test
    void scatteredLowPointsAreNoMappedBufferLeak() throws IOException {
        Diagnosis d = Diagnoser.diagnose(run("MappedSegments-closed-liveSet2s-scatter-17"));
        assertTrue(d.verdicts.stream().noneMatch(v -> v.kind == VerdictKind.MAPPED_BUFFER_LEAK && v.confidence >= 0.5),
                d.verdicts.toString());
        Verdict first = d.verdicts.get(0);
        assertEquals(VerdictKind.INCONCLUSIVE, first.kind, first.summary);
        assertTrue(first.notJudged.stream().anyMatch(n -> n.part.equals("FILES") && n.reason.contains("scatter")),
                first.notJudged.toString());
    }

    @Test
    void aMappedBufferLeakSaysWhatIsMappedAndWhatIsResident() throws IOException {
        Verdict leak = Diagnoser.diagnose(run("MappedSegments-liveSet2s-17")).verdicts.get(0);
        assertEquals(VerdictKind.MAPPED_BUFFER_LEAK, leak.kind);
        assertTrue(((Number) leak.evidence.get("mappedBufferBytes")).doubleValue() > 32 * MB, leak.evidence.toString());
        assertTrue(((Number) leak.evidence.get("fileBackedRssGrowthBytes")).doubleValue() > 16 * MB, leak.evidence.toString());
        assertTrue(leak.judged.contains("FILES"), leak.judged.toString());
        assertTrue(leak.remedies.stream().anyMatch(r -> r.contains("unmapped only when the GC")), leak.remedies.toString());
    }

    @Test
    void aBloatTooShortToJudgeLiveGrowthSaysSoInsteadOfClaimingIt() throws IOException {
        Verdict bloat = Diagnoser.diagnose(run("MallocBloatBeforeTrim-25")).verdicts.get(0);
        assertEquals(VerdictKind.MALLOC_BLOAT, bloat.kind);
        assertFalse(bloat.summary.contains("does not grow"), bloat.summary);
        assertTrue(bloat.notJudged.stream().anyMatch(n -> n.part.equals("MALLOC_IN_USE")), bloat.notJudged.toString());
    }

    /**
     * The report charts each verdict's series; the chart must show what the verdict judged (the
     * untracked-native chart once drew arena RSS minus current NMT malloc while the verdict judged
     * the freed-but-kept model, and on JDK 17 runs the two end megabytes apart).
     */
    @ParameterizedTest
    @CsvSource({"InflaterLeak-17", "InflaterLeak-25", "InflaterLeakJvmFreed-17", "MallocBloatBeforeTrim-25"})
    void theChartedSeriesAreTheOnesTheVerdictJudged(String name) throws IOException {
        Diagnosis d = Diagnoser.diagnose(run(name));
        Verdict first = d.verdicts.get(0);
        for (String series : first.seriesNames) {
            assertTrue(d.series.containsKey(series), name + ": " + first.kind + " names " + series + ", not charted");
        }
        if (first.kind == VerdictKind.NATIVE_LEAK) {
            double[] chart = d.series.get(DiagnosisSeries.UNTRACKED_NATIVE).values;
            assertEquals(((Number) first.evidence.get("untrackedNativeBytes")).doubleValue(), chart[chart.length - 1], 1,
                    name + ": the chart ends where the verdict's series does");
        } else {
            double[] chart = d.series.get(DiagnosisSeries.MALLOC_RETAINED).values;
            double retained = ((Number) first.evidence.get("retainedBytes")).doubleValue();
            // the verdict counts only what is still resident, so never more than the chart's source
            assertTrue(retained <= chart[chart.length - 1] + 1 && retained > 0.8 * chart[chart.length - 1],
                    name + ": retained " + retained + " vs chart " + chart[chart.length - 1]);
        }
    }

    @Test
    void untrackedAndTrackedNativeLeaksAreTold() throws IOException {
        assertEquals("untracked", Diagnoser.diagnose(run("InflaterLeak-25")).verdicts.get(0).evidence.get("nmtCategory"));
        assertEquals("untracked", Diagnoser.diagnose(run("InflaterLeak-17")).verdicts.get(0).evidence.get("nmtCategory"));
        assertEquals("Other", Diagnoser.diagnose(run("UnsafeNativeLeak-25")).verdicts.get(0).evidence.get("nmtCategory"));
    }

    /**
     * MallocBloat --keep-every 64 on JDK 25, {@code jcmd <pid> System.trim_native_heap} run 175 ms after
     * the last snapshot before it printed "RSS+Swap: 624M->130M (-493M)".
     */
    @Test
    void trimPredictionMatchesWhatTheTrimReleased() throws IOException {
        RunColumns columns = ColumnarReader.read(run("MallocBloatTrimmed-25"));
        long trimAtMillis = 1795570748315L;
        int before = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.timeMillis(i) < trimAtMillis && columns.has(Column.MALLOC_FREE_WHOLE_PAGES, i)) {
                before = i;
            }
        }
        double predicted = columns.get(Column.MALLOC_FREE_WHOLE_PAGES, before);
        double released = 493 * MB;
        assertEquals(released, predicted, 0.25 * released, "predicted " + predicted / MB + " MB");
        assertTrue(columns.get(Column.MALLOC_FREE, before) > predicted, "free includes pinned holes");
    }

    @Test
    void jdk17BloatIsStatedAsAnUpperBound() throws IOException {
        Verdict v = Diagnoser.diagnose(run("MallocBloat-17")).verdicts.get(0);
        assertTrue(v.evidence.containsKey("retainedUpperBoundBytes"), v.evidence.toString());
        assertTrue(v.summary.contains("upper bound"), v.summary);
    }

    @Test
    void ledgerAddsUpToRssAndDoesNotCountNmtMallocTwice() throws IOException {
        for (String name : new String[] {"MallocBloatTrimmed-25", "MallocBloatBeforeTrim-25", "InflaterLeak-17", "SteadyState-17", "ThreadLeak-17"}) {
            Diagnosis d = Diagnoser.diagnose(run(name));
            for (LedgerEntry e : new LedgerEntry[] {d.latest, d.peak}) {
                long sum = 0;
                for (LedgerPart part : LedgerPart.values()) {
                    assertTrue(e.bytes(part) >= 0, name + " " + part);
                    sum += e.bytes(part);
                }
                // parts add up to RSS (rounding of scaled parts aside)
                assertEquals(e.rssBytes, sum, 4096.0 * LedgerPart.values().length, name);
            }
            assertTrue(d.peak.rssBytes >= d.latest.rssBytes);
            assertTrue(d.ledger.size() <= Diagnoser.MAX_CHART_POINTS && !d.ledger.isEmpty());
        }
        RunColumns c = ColumnarReader.read(run("MallocBloatBeforeTrim-25"));
        Diagnosis d = Diagnoser.diagnose(c);
        int row = c.size() - 1;
        while (!c.has(Column.MALLOC_IN_USE, row)) {
            row--;
        }
        long inUseBeyondNmt = c.get(Column.MALLOC_IN_USE, row) + c.get(Column.MALLOC_MMAP, row) - c.get(Column.NMT_MALLOC, row);
        LedgerEntry e = new Ledger(c).entry(row);
        assertEquals(Math.max(0, inUseBeyondNmt), e.bytes(LedgerPart.MALLOC_IN_USE));
        assertTrue(e.bytes(LedgerPart.MALLOC_RETAINED) > 300 * MB, "the bloat shows as retained");
        assertTrue(e.bytes(LedgerPart.BUFFERS) <= e.bytes(LedgerPart.JVM_INTERNALS) + e.bytes(LedgerPart.BUFFERS));
        assertTrue(d.latest.unmeasured.isEmpty() || !d.latest.unmeasured.contains(LedgerPart.MALLOC_RETAINED));
    }

    @Test
    void smapsAbsentInASnapshotIsMarkedUnmeasuredNotCarriedOver() throws IOException {
        RunColumns c = ColumnarReader.read(run("InflaterLeak-17"));
        Ledger ledger = new Ledger(c);
        int without = -1;
        for (int i = 0; i < c.size(); i++) {
            if (!c.has(Column.SMAPS_MAIN_ARENA, i)) {
                without = i;
            }
        }
        assertTrue(without >= 0, "the capture has snapshots without smaps");
        LedgerEntry e = ledger.entry(without);
        assertTrue(e.unmeasured.contains(LedgerPart.MALLOC_RETAINED));
        assertEquals(0, e.bytes(LedgerPart.MALLOC_RETAINED));
    }
}
