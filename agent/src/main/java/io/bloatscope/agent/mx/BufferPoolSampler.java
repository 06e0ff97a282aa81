package io.bloatscope.agent.mx;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * NIO buffer pools: direct buffers (native memory outside the heap, freed only when the buffer
 * object is collected) and mapped files.
 *
 * <p>Writes {@code "buffers":[{"name":"direct"|"mapped"|...,"count","capacityBytes","usedBytes"}]}.
 */
public final class BufferPoolSampler implements Sampler {
    private final List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);

    @Override
    public String name() {
        return "buffers";
    }

    @Override
    public void sample(JsonLine out) {
        out.beginArray("buffers");
        for (BufferPoolMXBean pool : pools) {
            out.beginElementObject()
                    .field("name", pool.getName())
                    .field("count", pool.getCount())
                    .field("capacityBytes", pool.getTotalCapacity())
                    .field("usedBytes", pool.getMemoryUsed())
                    .endObject();
        }
        out.endArray();
    }
}
