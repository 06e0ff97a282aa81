package io.bloatscope.testapps;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A second malloc-storm shape for the site-tracking benchmark: one thread allocates
 * {@code --blocks} {@code sun.misc.Unsafe} blocks of {@code --min-bytes} to {@code --max-bytes}
 * (uniform; 64 B to 8 KB by default, the benchmark also runs up to 64 KB), frees each at once
 * except 1 in {@code --keep-one-in}, which it keeps until the end and then frees. Larger blocks
 * than {@link UnsafeStorm}'s mean more of them are sampled (sampling goes by bytes), so this is
 * the shape where a stack walk per sample costs most. Prints the {@link WorkCpu} line after
 * idling {@code --idle-millis} (checksum: blocks freed).
 * Expected verdict: <b>HEALTHY</b>: every block is freed before exit.
 */
public final class KeptBlockStorm {
    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("blocks", 15_000_000L, "min-bytes", 64L,
                "max-bytes", 8192L, "keep-one-in", 50L, "idle-millis", 3_000L));
        long blocks = args.positive("blocks");
        int minBytes = (int) args.positive("min-bytes");
        int span = (int) Math.max(1, args.positive("max-bytes") - minBytes + 1);
        long keepOneIn = args.positive("keep-one-in");
        NativeMemory.free(NativeMemory.allocate(8)); // load Unsafe (and any JDK 24+ warning) before the clock
        Thread.sleep(args.get("idle-millis"));
        WorkCpu cpu = WorkCpu.start();
        SplittableRandom random = new SplittableRandom(17);
        long[] kept = new long[(int) (blocks / keepOneIn + 1)];
        int keptCount = 0;
        long freed = 0;
        for (long i = 0; i < blocks; i++) {
            long address = NativeMemory.allocate(minBytes + random.nextInt(span));
            if (i % keepOneIn == 0 && keptCount < kept.length) {
                kept[keptCount++] = address;
            } else {
                NativeMemory.free(address);
                freed++;
            }
        }
        for (int k = 0; k < keptCount; k++) {
            NativeMemory.free(kept[k]);
            freed++;
        }
        cpu.report(freed);
    }
}
