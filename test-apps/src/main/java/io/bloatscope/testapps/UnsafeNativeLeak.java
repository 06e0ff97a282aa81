package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A native leak that Native Memory Tracking can see: {@link #leakNativeBlocks} takes blocks with
 * {@code sun.misc.Unsafe.allocateMemory}, writes them (so they are resident) and never frees them.
 * The JVM allocates these under NMT category "Other". Expected verdict: <b>NATIVE_LEAK</b>, tracked
 * by NMT, category Other: RSS and NMT "Other" grow together at about {@code rate × block-bytes} per
 * second while heap, metaspace, threads and buffer pools stay flat.
 *
 * <p>Options: {@code --rate} blocks per second (default 32), {@code --block-bytes} (default 65536,
 * so 2 MB/s), {@code --max-mb} after which the leak holds steady (default 512), {@code --seconds}.
 */
public final class UnsafeNativeLeak {
    /** Addresses kept only so the "leak" is deliberate; nothing ever frees them. */
    private static final List<Long> LEAKED_ADDRESSES = new ArrayList<>();

    private static long leakedBytes;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 32L, "block-bytes", 65536L, "max-mb", 512L));
        long rate = args.positive("rate");
        long blockBytes = args.positive("block-bytes");
        long maxBytes = args.get("max-mb") << 20;
        NativeMemory.free(NativeMemory.allocateTouched(1)); // load Unsafe (and any JDK 24+ warning) before READY
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            long blocks = Math.min(run.perStep(rate), (maxBytes - leakedBytes) / blockBytes);
            leakNativeBlocks(blocks, blockBytes);
        }
        System.out.println("leakedBlocks=" + LEAKED_ADDRESSES.size() + " leakedBytes=" + leakedBytes);
        run.finish();
    }

    static void leakNativeBlocks(long count, long blockBytes) {
        for (long i = 0; i < count; i++) {
            LEAKED_ADDRESSES.add(NativeMemory.allocateTouched(blockBytes));
            leakedBytes += blockBytes;
        }
    }
}
