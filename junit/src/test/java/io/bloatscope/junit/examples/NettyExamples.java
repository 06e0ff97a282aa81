package io.bloatscope.junit.examples;

import io.bloatscope.junit.LeakTest;
import io.bloatscope.junit.Resource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Code using Netty's pooled direct buffers, run through the testkit only. The leak is the one
 * measured in issue 18: every third 16 KB buffer is dropped unreleased, a megabyte in 200
 * repetitions, which fits in the pool's first chunk and moves none of the JVM's own measures.
 */
public class NettyExamples {
    private static final byte[] PAYLOAD = new byte[16 * 1024];
    private final List<ByteBuf> held = new ArrayList<>();
    private int requests;

    /** Must fail naming Netty's record of this method. */
    @LeakTest(repetitions = 200)
    void leaksEveryThirdBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(PAYLOAD.length);
        buffer.writeBytes(PAYLOAD);
        if (++requests % 3 != 0) {
            buffer.release();
        }
    }

    /** Must pass: the same work, every buffer released. */
    @LeakTest(repetitions = 200)
    void releasesEveryBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(PAYLOAD.length);
        buffer.writeBytes(PAYLOAD);
        buffer.release();
    }

    /**
     * Must fail on the pool's growth and on nothing of Netty's detector (nothing is collected
     * unreleased): each repetition keeps a 3 MB buffer, which takes a 4 MB chunk of its own.
     */
    @LeakTest(repetitions = 30, warmup = 5, resources = Resource.NETTY_POOLED)
    void holdsBuffersSoThePoolGrows() {
        held.add(PooledByteBufAllocator.DEFAULT.directBuffer(3 << 20));
    }

    @AfterEach
    void releaseHeld() {
        held.forEach(ByteBuf::release);
        held.clear();
    }
}
