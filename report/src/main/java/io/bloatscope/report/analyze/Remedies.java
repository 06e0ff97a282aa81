package io.bloatscope.report.analyze;

import java.util.ArrayList;
import java.util.List;

/** Remedies that fit the evidence and the JVM the run came from (its version, flags, environment). */
final class Remedies {
    private Remedies() {
    }

    static List<String> plus(List<String> first, List<String> then) {
        List<String> out = new ArrayList<>(first);
        for (String remedy : then) {
            if (!out.contains(remedy)) {
                out.add(remedy);
            }
        }
        return out;
    }

    /**
     * For compiler memory, by what the JDK offers: JDK 22+ keeps per-compilation arena statistics
     * ({@code memstat}, read with {@code jcmd Compiler.memory}) and can cap a compilation
     * ({@code memlimit}); every JDK can keep one method from C2 with a compiler directive; what
     * glibc keeps after a peak is malloc bloat's to remedy.
     */
    static List<String> jitCompiler(JvmFacts jvm, boolean lasting) {
        List<String> out = new ArrayList<>();
        if (jvm.feature >= 22) {
            out.add("Find the method: start the JVM with -XX:CompileCommand=memstat,*.* and run jcmd <pid> Compiler.memory"
                    + " (bloatscope reads it when compiler memory jumps): the largest rows are the compilations to limit.");
            out.add("Cap it: -XX:CompileCommand=memlimit,<pkg.Class::method>,256M~stop stops a compilation past 256 MB"
                    + " (the method stays at C1; use *.* to cap every compilation).");
        } else {
            out.add("Find the method: record JFR's jdk.Compilation events (jcmd <pid> JFR.start) during the peak: the"
                    + " longest C2 compilations with the most inlined bytes are the likely ones (JDK " + (jvm.feature > 0
                            ? jvm.version : "17-21") + " has no per-compilation memory statistics; JDK 22+ has"
                    + " Compiler.memory and a per-compilation memory limit).");
        }
        out.add("Keep that method from C2 (it runs at C1 speed): a compiler directive [{match: \"pkg.Class::method\", c2:"
                + " {Exclude: true}}] in a file given to -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=<file>,"
                + " or -XX:CompileCommand=exclude,pkg.Class::method (then it is only interpreted); splitting the method"
                + " into smaller ones also shrinks what C2 works on.");
        if (jvm.feature > 0 && jvm.feature < 22) {
            out.add("Upgrading helps: newer JDKs' C2 uses several times less arena memory on some method shapes (this"
                    + " project's CompilerArenas app: NMT Compiler up to ~80 MB on 17, up to ~70 MB on 25; a public case:"
                    + " 2.2 GB on 17, 725 MB on 25), and JDK 22+ can cap a compilation.");
        }
        if (!lasting) {
            out.add("For what glibc keeps of the freed arenas: MALLOC_ARENA_MAX=2 (compiler threads otherwise get arenas of"
                    + " their own)" + (jvm.hasTrimNativeHeapInterval() ? ", and -XX:TrimNativeHeapInterval=60000 to give"
                            + " freed memory back" : "") + "; size container limits for the peak, not the average.");
        }
        return out;
    }

    static List<String> mallocBloat(JvmFacts jvm, long arenas, boolean fragmented) {
        List<String> out = new ArrayList<>();
        if (jvm.mallocArenaMax == null && !jvm.preloadsAllocator()) {
            out.add("Set MALLOC_ARENA_MAX=2 in the JVM's environment" + (arenas > 2 ? " (this run had " + arenas + " arenas)" : "")
                    + ": fewer arenas hold fewer freed pages.");
        }
        if (!jvm.preloadsAllocator()) {
            out.add("Use jemalloc, which returns freed memory by itself: LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
                    + " (package libjemalloc2).");
        }
        if (!fragmented) {
            if (jvm.hasTrimNativeHeapInterval()) {
                out.add("Let the JVM trim the native heap periodically: "
                        + (jvm.trimIntervalNeedsUnlock() ? "-XX:+UnlockExperimentalVMOptions " : "")
                        + "-XX:TrimNativeHeapInterval=60000 (milliseconds).");
            } else if (jvm.feature > 0) {
                out.add("-XX:TrimNativeHeapInterval is not available on JDK " + jvm.version
                        + "; it exists from 17.0.9 and 21.0.1: upgrade, or trim by hand.");
            }
            if (jvm.hasTrimCommand()) {
                out.add("Give it back now: jcmd <pid> System.trim_native_heap (or bloatscope attach <pid> trim).");
            }
        } else {
            out.add("The free memory is fragmented (live blocks on most pages), so trimming gives little back:"
                    + " reduce arenas or switch allocator, and look for long-lived small allocations mixed with"
                    + " short-lived ones.");
        }
        return out;
    }

    /** jemalloc keeps pages beyond what is allocated: its own settings, never glibc's. */
    static List<String> jemallocKeeps(boolean fragmented) {
        List<String> out = new ArrayList<>();
        if (!fragmented) {
            out.add("Let jemalloc return dirty pages by itself: MALLOC_CONF=background_thread:true (decay otherwise"
                    + " advances only when the threads that freed call into jemalloc again, so idle threads keep them).");
            out.add("Return them sooner: MALLOC_CONF=dirty_decay_ms:1000,muzzy_decay_ms:0 (the default keeps dirty pages"
                    + " about 10 s; 0 purges at once, at some CPU cost).");
        } else {
            out.add("The kept memory lies mostly inside pages that still hold live blocks: purging gives little back."
                    + " Fewer arenas (MALLOC_CONF=narenas:<2 × cores>, or fewer) hold fewer such pages; look for long-lived"
                    + " small allocations mixed with short-lived ones.");
        }
        out.add("Check what jemalloc holds at exit: MALLOC_CONF=stats_print:true prints its arenas, bins and extents.");
        return out;
    }

    static List<String> heapLeak(JvmFacts jvm) {
        return List.of("Find what holds the growing objects: jcmd <pid> GC.class_histogram twice a few minutes apart,"
                        + " or a heap dump (jcmd <pid> GC.heap_dump /tmp/heap.hprof) opened in Eclipse MAT.",
                "Run the agent with heap site tracking to name the allocating site.");
    }

    static List<String> heapBloat(JvmFacts jvm, double liveBytes) {
        List<String> out = new ArrayList<>();
        if (jvm.usesG1()) {
            if (!jvm.hasArgument("-XX:G1PeriodicGCInterval")) {
                out.add("Let G1 uncommit idle heap: -XX:G1PeriodicGCInterval=60000 (JDK 12+).");
            }
            out.add("Lower -XX:MaxHeapFreeRatio (e.g. 30) so G1 shrinks the heap after collections.");
        } else if (jvm.usesZgc()) {
            out.add("ZGC uncommits after -XX:ZUncommitDelay (default 300 s); make sure -XX:-ZUncommit is not set and"
                    + " -Xms is not equal to -Xmx.");
        } else if (jvm.usesShenandoah()) {
            out.add("Lower -XX:ShenandoahUncommitDelay so idle heap is returned sooner.");
        } else {
            out.add("Lower -XX:MaxHeapFreeRatio / -XX:MinHeapFreeRatio so the collector shrinks the heap.");
        }
        if (jvm.hasArgument("-Xms")) {
            out.add("-Xms pins the committed heap at its size: lower it.");
        }
        out.add("Size -Xmx nearer the live set (about " + Sizes.of(liveBytes) + " after GC here) plus headroom.");
        return out;
    }

    static List<String> directBuffers(JvmFacts jvm) {
        List<String> out = new ArrayList<>();
        out.add("Release or reuse direct buffers (pool them; with Netty, release ByteBufs); buffers that stay"
                + " reachable are never freed.");
        if (!jvm.hasArgument("-XX:MaxDirectMemorySize")) {
            out.add("Bound them with -XX:MaxDirectMemorySize=<size> so a leak fails fast with an OutOfMemoryError"
                    + " naming direct buffer memory instead of growing RSS.");
        }
        return out;
    }

    static List<String> mappedBuffers(JvmFacts jvm) {
        List<String> out = new ArrayList<>();
        out.add("Drop references to mappings you are done with, or map a window once and reuse it: a MappedByteBuffer"
                + " is unmapped only when the GC collects it, however long ago it was last used.");
        if (jvm.feature >= 22) {
            out.add("Map through the FFM API (FileChannel.map with an Arena; JDK 22+) and close the arena: the mapping"
                    + " goes away at once, not at some later GC.");
        } else {
            out.add("On JDK 22+ the FFM API (FileChannel.map with an Arena) unmaps when its arena is closed, not at"
                    + " some later GC.");
        }
        out.add("Each mapping also counts against vm.max_map_count (65530 by default): a leak of many small mappings"
                + " fails with 'Map failed' long before memory runs out.");
        return out;
    }

    static List<String> metaspace(JvmFacts jvm) {
        List<String> out = new ArrayList<>();
        out.add("Find the class loaders kept alive: jcmd <pid> VM.classloader_stats, then a heap dump's paths to GC"
                + " roots from the loaders (redeployments, per-request scripting or proxies).");
        if (!jvm.hasArgument("-XX:MaxMetaspaceSize")) {
            out.add("Bound metaspace with -XX:MaxMetaspaceSize=<size> so a leak fails fast.");
        }
        return out;
    }

    static List<String> threads() {
        return List.of("Shut down executors that are created per task or request, and bound thread pools;"
                + " jcmd <pid> Thread.print shows which pool the extra threads belong to.");
    }

    static List<String> trackedNative(JvmFacts jvm, String category) {
        List<String> out = new ArrayList<>();
        if ("Other".equals(category)) {
            out.add("Memory from Unsafe.allocateMemory or native libraries going through the JVM is not freed:"
                    + " check freeMemory calls and off-heap caches.");
        }
        out.add("Restart with -XX:NativeMemoryTracking=detail and compare jcmd <pid> VM.native_memory baseline"
                + " with detail.diff to see the call stacks behind category " + category + ".");
        return out;
    }

    static List<String> untrackedNative(JvmFacts jvm) {
        List<String> out = new ArrayList<>();
        out.add("Close what holds native memory: Inflater/Deflater (end()), GZIP and Zip streams (close()),"
                + " and JNI libraries' handles; objects left to the GC free it late or never.");
        out.add("Find the allocating site with jemalloc profiling (LD_PRELOAD=libjemalloc.so.2"
                + " MALLOC_CONF=prof:true,lg_prof_interval:30) or async-profiler's nativemem mode.");
        return out;
    }

    static List<String> nativeChurn(String kind, String frame) {
        List<String> out = new ArrayList<>();
        switch (kind) {
            case "inflater":
            case "deflater":
                out.add("End what " + frame + " creates: call end() in a finally block (or close the"
                        + " InflaterInputStream/DeflaterOutputStream that owns it); the GC frees zlib's memory only when it"
                        + " collects the object, and a small heap collects rarely compared with how fast native memory fills.");
                break;
            case "zip":
                out.add("Close the ZipFile/JarFile " + frame + " opens (try-with-resources).");
                break;
            default:
                out.add("Reuse or pool the direct buffers " + frame + " allocates: each is freed only when the GC collects"
                        + " it; bound them with -XX:MaxDirectMemorySize so the JVM collects before RSS grows.");
                break;
        }
        out.add("If " + frame + " is in a library, upgrade it (a fixed version ends what it creates) or wrap the call"
                + " in your own code that does.");
        return out;
    }

    static List<String> nativeHeld(JvmFacts jvm, boolean splitKnown) {
        List<String> out = new ArrayList<>();
        if (!splitKnown) {
            out.add("Tell free from in use: bloatscope attach <pid> trim gives back what glibc keeps free and prints how"
                    + " much" + (jvm.hasTrimCommand() ? "" : " (it needs JDK 17.0.9+)") + "; if most of it comes back, the"
                    + " remedies for malloc bloat apply (MALLOC_ARENA_MAX=2, -XX:TrimNativeHeapInterval).");
        }
        out.add("Name what holds it: run the agent with nativeSites=on (Inflater, Deflater, ZipFile, direct and mapped"
                + " buffers are counted per site; objects collected rather than ended point to a missing end()/close()).");
        out.add("If a native library caches by design (RocksDB, a compression codec, a JNI driver), bound its cache;"
                + " otherwise look for native handles that are opened per request and never closed.");
        return out;
    }
}
