package io.bloatscope.testapps;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * glibc malloc bloat, not a leak: {@code --threads} threads start together (so glibc gives them
 * separate arenas) and each mallocs about {@code --mb-per-thread} MB in small blocks of 256 B–4 KB
 * (below the mmap threshold, so they come from the arenas), then frees all but every
 * {@code --keep-every}-th block. Live native memory is then small (total / keep-every), but glibc
 * keeps the freed memory inside its arenas, so RSS stays high. The threads then idle and the app
 * runs a small steady workload. Expected verdict: <b>MALLOC_BLOAT</b>: resident memory far above
 * what is in use, held as free chunks in several arenas, nothing growing.
 *
 * <p>With the default keep-every of 64 most pages hold no live block, so {@code malloc_trim}
 * ({@code jcmd <pid> System.trim_native_heap}) gives most of it back; with a small keep-every
 * (2–4) a live block sits on nearly every page, nothing can be returned, and the bloat is
 * fragmentation. Prints {@code READY} when the threads start and
 * {@code BLOAT_READY allocatedBytes=<n> liveBytes=<n>} once every thread has freed its blocks
 * (about 1–2 s with the defaults).
 *
 * <p>Measured with the defaults (glibc 2.36, 2 CPUs, so up to 16 arenas), RSS 2 s after
 * BLOAT_READY and after {@code jcmd <pid> System.trim_native_heap}: JDK 17.0.15 keep-every 64:
 * 596 MB, trim 582M-&gt;101M; keep-every 2 (half the bytes stay live): 596 MB, trim gives back
 * 28 KB; keep-every 4: 582M-&gt;433M. JDK 25: keep-every 64 592M-&gt;102M, keep-every 2 gives
 * back 140 KB.
 *
 * <p>Options: {@code --threads} (default 8), {@code --mb-per-thread} (default 64),
 * {@code --keep-every} (default 64), {@code --min-block-bytes} (default 256),
 * {@code --max-block-bytes} (default 4096), {@code --hold-ms} (default 0: how long each thread holds
 * its blocks before freeing them, so that a sampler with a coarse interval sees the JVM's malloc
 * rise and fall; without it the whole burst can pass between two snapshots), {@code --seconds}.
 */
public final class MallocBloat {
    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("threads", 8L, "mb-per-thread", 64L, "keep-every", 64L,
                "min-block-bytes", 256L, "max-block-bytes", 4096L, "hold-ms", 0L));
        int threads = (int) args.positive("threads");
        long bytesPerThread = args.positive("mb-per-thread") << 20;
        long keepEvery = args.positive("keep-every");
        int minBlockBytes = (int) args.positive("min-block-bytes");
        int maxBlockBytes = args.getInt("max-block-bytes");
        long holdMillis = args.get("hold-ms");
        if (maxBlockBytes < minBlockBytes) {
            System.err.println("bad argument --max-block-bytes " + maxBlockBytes + ": must be at least --min-block-bytes " + minBlockBytes);
            System.exit(ScenarioArgs.USAGE_EXIT_CODE);
        }
        NativeMemory.free(NativeMemory.allocateTouched(1)); // load Unsafe (and any JDK 24+ warning) before READY

        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch freed = new CountDownLatch(threads);
        long[] keptBytes = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                awaitQuietly(start);
                keptBytes[index] = allocateThenFreeMost(bytesPerThread, keepEvery, minBlockBytes, maxBlockBytes, index,
                        holdMillis);
                freed.countDown();
                while (true) {
                    LockSupport.park(); // idle like a pooled worker; its arena stays either way
                }
            }, "bloat-worker-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        start.countDown();
        freed.await();
        long kept = 0;
        for (long k : keptBytes) {
            kept += k;
        }
        System.out.println("BLOAT_READY allocatedBytes=" + threads * bytesPerThread + " liveBytes=" + kept);
        System.out.flush();

        while (run.nextStep()) {
            steadySmallWorkload();
        }
        run.finish();
    }

    /** Returns the bytes still allocated: every keep-every-th block and the last one (which pins the arena top). */
    static long allocateThenFreeMost(long totalBytes, long keepEvery, int minBlockBytes, int maxBlockBytes, int seed,
            long holdMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] addresses = new long[(int) (totalBytes / minBlockBytes) + 1];
        int[] sizes = new int[addresses.length];
        int count = 0;
        for (long allocated = 0; allocated < totalBytes; count++) {
            sizes[count] = random.nextInt(minBlockBytes, maxBlockBytes + 1);
            addresses[count] = NativeMemory.allocateTouched(sizes[count]);
            allocated += sizes[count];
        }
        if (holdMillis > 0) {
            LockSupport.parkNanos(holdMillis * 1_000_000L);
        }
        long keptBytes = 0;
        for (int i = 0; i < count; i++) {
            if (i % keepEvery == 0 || i == count - 1) {
                keptBytes += sizes[i];
            } else {
                NativeMemory.free(addresses[i]);
            }
        }
        return keptBytes;
    }

    private static long checksum;

    /** Keeps the process visibly alive without changing its footprint. */
    private static void steadySmallWorkload() {
        for (int i = 0; i < 16; i++) {
            long address = NativeMemory.allocateTouched(512);
            NativeMemory.free(address);
            checksum += new StringBuilder("tick ").append(i).toString().length();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
