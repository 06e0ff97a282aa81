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
 * {@code --block-bytes} (default 65536, so 1 MB/s), {@code --max-mb} (default 256), {@code --seconds}.
 */
public final class DirectBufferLeak {
    private static final List<ByteBuffer> LEAKED_BUFFERS = new ArrayList<>();

    private static long leakedBytes;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 16L, "block-bytes", 65536L, "max-mb", 256L));
        long rate = args.positive("rate");
        args.positive("block-bytes");
        int blockBytes = args.getInt("block-bytes");
        long maxBytes = Math.min(args.get("max-mb") << 20, Runtime.getRuntime().maxMemory() / 2);
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            long buffers = Math.min(run.perStep(rate), (maxBytes - leakedBytes) / blockBytes);
            leakDirectBuffers(buffers, blockBytes);
        }
        System.out.println("leakedBuffers=" + LEAKED_BUFFERS.size() + " leakedBytes=" + leakedBytes);
        run.finish();
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
