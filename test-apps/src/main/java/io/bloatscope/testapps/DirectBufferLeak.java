package io.bloatscope.testapps;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A direct buffer leak: {@link #leakDirectBuffers} allocates {@code ByteBuffer.allocateDirect}
 * buffers, fills them (so they are resident) and keeps them in a list. Expected verdict:
 * <b>DIRECT_BUFFER_LEAK</b>, because the "direct" buffer pool MXBean's count and memory used climb
 * steadily (about {@code rate × block-bytes} per second) and RSS follows, while the heap stays flat.
 *
 * <p>The leak holds steady at {@code --max-mb} or at half of the max heap, whichever is smaller,
 * because the default MaxDirectMemorySize equals the max heap and running into it would turn the
 * scenario into an OutOfMemoryError test. Options: {@code --rate} buffers per second (default 16),
 * {@code --block-bytes} (default 65536, so 1 MB/s), {@code --max-mb} (default 256), {@code --seconds},
 * and {@code --cache-mb-per-s} (default 0): heap garbage that lives long enough to be promoted (a
 * rolling cache of {@value #CACHE_ENTRIES} arrays of 1–3 KB, this many MB of them a second), so the
 * leak runs beside concurrent cycles and mixed collections, as in a busy service, not a quiet heap.
 */
public final class DirectBufferLeak {
    private static final List<ByteBuffer> LEAKED_BUFFERS = new ArrayList<>();
    static final int CACHE_ENTRIES = 12_000;
    private static final java.util.ArrayDeque<byte[]> CACHE = new java.util.ArrayDeque<>();
    private static final java.util.Random RANDOM = new java.util.Random(7);

    private static long leakedBytes;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 16L, "block-bytes", 65536L, "max-mb", 256L,
                "cache-mb-per-s", 0L));
        long cacheBytesPerSecond = args.get("cache-mb-per-s") << 20;
        long rate = args.positive("rate");
        args.positive("block-bytes");
        int blockBytes = args.getInt("block-bytes");
        long maxBytes = Math.min(args.get("max-mb") << 20, Runtime.getRuntime().maxMemory() / 2);
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            long buffers = Math.min(run.perStep(rate), (maxBytes - leakedBytes) / blockBytes);
            leakDirectBuffers(buffers, blockBytes);
            churnCache(run.perStep(cacheBytesPerSecond));
        }
        System.out.println("leakedBuffers=" + LEAKED_BUFFERS.size() + " leakedBytes=" + leakedBytes);
        run.finish();
    }

    /** Replaces about {@code bytes} of the cache's oldest entries with new ones. */
    static void churnCache(long bytes) {
        for (long made = 0; made < bytes; ) {
            byte[] entry = new byte[1024 + RANDOM.nextInt(2048)];
            made += entry.length;
            CACHE.add(entry);
            if (CACHE.size() > CACHE_ENTRIES) {
                CACHE.poll();
            }
        }
    }

    static void leakDirectBuffers(long count, int blockBytes) {
        for (long i = 0; i < count; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(blockBytes);
            while (buffer.remaining() >= Long.BYTES) {
                buffer.putLong(0x5A5A5A5A5A5A5A5AL);
            }
            LEAKED_BUFFERS.add(buffer);
            leakedBytes += blockBytes;
        }
    }
}
