package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The worst case for native allocation tracking, a malloc storm: {@code --threads} threads each
 * allocate and free {@code --blocks} small {@code sun.misc.Unsafe} blocks (16 to 512 bytes, 64
 * held per thread at a time) as fast as they can. Used by the peer benchmark, after idling
 * {@code --idle-millis}; prints the {@link WorkCpu} line (checksum: blocks freed).
 * Expected verdict: <b>HEALTHY</b>: every block is freed; only malloc's churn.
 */
public final class UnsafeStorm {
    private static final int HELD = 64;

    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv,
                Map.of("threads", 4L, "blocks", 5_000_000L, "idle-millis", 3_000L));
        int threads = (int) args.positive("threads");
        long blocks = args.get("blocks");
        NativeMemory.free(NativeMemory.allocate(8)); // load Unsafe (and any JDK 24+ warning) before the clock
        Thread.sleep(args.get("idle-millis"));
        WorkCpu cpu = WorkCpu.start();
        long[] freed = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> freed[worker] = storm(worker, blocks), "storm-" + t);
            workers.add(thread);
            thread.start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            workers.get(t).join();
            total += freed[t];
        }
        cpu.report(total);
    }

    private static long storm(int seed, long blocks) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] held = new long[HELD];
        long freed = 0;
        for (long i = 0; i < blocks; i++) {
            int slot = (int) (i % HELD);
            if (held[slot] != 0) {
                NativeMemory.free(held[slot]);
                freed++;
            }
            held[slot] = NativeMemory.allocate(16 + random.nextInt(497));
        }
        for (long address : held) {
            if (address != 0) {
                NativeMemory.free(address);
                freed++;
            }
        }
        return freed;
    }
}
