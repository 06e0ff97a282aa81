package io.bloatscope.testapps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Netty's pooled direct buffers: {@code --per-second} requests a second each take a
 * {@code --buffer-kb} KB direct buffer from {@code PooledByteBufAllocator.DEFAULT}, write into it and
 * release it, except every {@code --leak-every}-th, which is kept and never released (0: every
 * buffer is released). The pool allocates direct memory in chunks (4 MB on Netty 4.2) on behalf of
 * the request that needed a new one, so the JDK sees {@code ByteBuffer.allocateDirect} called from
 * inside Netty ({@code PoolArena.newChunk}), never from this class.
 *
 * <p>Expected: with {@code --leak-every 50} (the default: 1.6 MB a second) <b>DIRECT_BUFFER_LEAK</b>: the pool grows by
 * a chunk whenever the kept buffers fill one, and with {@code nativeSites=on} the top site is
 * {@code NettyPooled.handleRequest} via Netty's pooled allocator. With {@code --leak-every 0}
 * no leak verdict: the pool grows to what the requests in flight need and plateaus.
 *
 * <p>Options: {@code --per-second} (default 5000), {@code --buffer-kb} (default 16),
 * {@code --leak-every} (default 50), {@code --seconds}.
 */
public final class NettyPooled {
    private static final ArrayDeque<ByteBuf> KEPT = new ArrayDeque<>();

    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("per-second", 5000L, "buffer-kb", 16L, "leak-every", 50L));
        int perSecond = (int) args.positive("per-second");
        int bytes = (int) args.positive("buffer-kb") * 1024;
        long leakEvery = args.get("leak-every");
        long end = System.nanoTime() + args.get("seconds") * 1_000_000_000L;
        System.out.println("READY");
        long request = 0;
        while (args.get("seconds") == 0 || System.nanoTime() < end) {
            long tick = System.nanoTime();
            for (int i = 0; i < perSecond / 10; i++) {
                handleRequest(++request, bytes, leakEvery);
            }
            long sleepNanos = 100_000_000L - (System.nanoTime() - tick);
            if (sleepNanos > 0) {
                Thread.sleep(sleepNanos / 1_000_000L);
            }
        }
        System.out.println("KEPT " + KEPT.size());
    }

    /** One request: a pooled buffer, filled, released, unless this is the one in leak-every that is forgotten. */
    static void handleRequest(long request, int bytes, long leakEvery) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes);
        buffer.writeLong(request);
        buffer.writerIndex(bytes);
        if (leakEvery > 0 && request % leakEvery == 0) {
            KEPT.add(buffer); // the bug: a path that never calls release()
        } else {
            buffer.release();
        }
    }
}
