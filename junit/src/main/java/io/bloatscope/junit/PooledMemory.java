package io.bloatscope.junit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The memory Netty's pooled allocators hold, for {@link Resource#NETTY_POOLED}: what
 * {@code ByteBufAllocatorMetric.usedDirectMemory()} plus {@code usedHeapMemory()} report for
 * {@code PooledByteBufAllocator.DEFAULT} and, when it is another allocator with metrics, for
 * {@code ByteBufAllocator.DEFAULT} (Netty 4.2's default is its adaptive allocator, 4.1's the
 * pooled one). Read reflectively: this module must not depend on Netty, and without Netty on the
 * test's class path there is nothing to read (NaN, which the extension leaves unjudged).
 *
 * <p>Why a resource of its own: a pool takes memory in chunks (4 MB by default) and hands buffers
 * out of them, so buffers a test forgets to release first fill chunks already taken; neither the
 * JDK's buffer pools (Netty allocates without a Cleaner where it can) nor the live heap name it.
 * When the pool does grow, the failure says it is the pool.
 */
final class PooledMemory {
    private static final PooledMemory ABSENT = new PooledMemory(List.of(), null, null);

    private final List<Object> metrics;
    private final Method usedDirect;
    private final Method usedHeap;

    private PooledMemory(List<Object> metrics, Method usedDirect, Method usedHeap) {
        this.metrics = metrics;
        this.usedDirect = usedDirect;
        this.usedHeap = usedHeap;
    }

    /**
     * The default allocators' metrics as {@code loader} sees Netty. Resolving them initialises the
     * allocators (arenas without chunks, no memory to speak of), which is why the extension calls
     * this before the first repetition rather than at the first measurement.
     */
    static PooledMemory find(ClassLoader loader) {
        try {
            Class<?> provider = Class.forName("io.netty.buffer.ByteBufAllocatorMetricProvider", true, loader);
            Class<?> metric = Class.forName("io.netty.buffer.ByteBufAllocatorMetric", true, loader);
            Method metricOf = provider.getMethod("metric");
            Set<Object> allocators = Collections.newSetFromMap(new IdentityHashMap<>());
            allocators.add(Class.forName("io.netty.buffer.PooledByteBufAllocator", true, loader)
                    .getField("DEFAULT").get(null));
            allocators.add(Class.forName("io.netty.buffer.ByteBufAllocator", true, loader)
                    .getField("DEFAULT").get(null));
            List<Object> metrics = new ArrayList<>();
            for (Object allocator : allocators) {
                if (provider.isInstance(allocator)) {
                    metrics.add(metricOf.invoke(allocator));
                }
            }
            return metrics.isEmpty() ? ABSENT
                    : new PooledMemory(metrics, metric.getMethod("usedDirectMemory"), metric.getMethod("usedHeapMemory"));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
            // No Netty (or one without allocator metrics): the resource is not measured.
            return ABSENT;
        }
    }

    boolean present() {
        return !metrics.isEmpty();
    }

    /** Direct plus heap memory the allocators hold, in bytes; NaN without Netty or when unreadable. */
    double usedBytes() {
        if (metrics.isEmpty()) {
            return Double.NaN;
        }
        try {
            double bytes = 0;
            for (Object metric : metrics) {
                bytes += ((Number) usedDirect.invoke(metric)).doubleValue() + ((Number) usedHeap.invoke(metric)).doubleValue();
            }
            return bytes;
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return Double.NaN;
        }
    }
}
