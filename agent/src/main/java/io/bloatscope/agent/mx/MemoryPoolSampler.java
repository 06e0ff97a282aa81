package io.bloatscope.agent.mx;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Java heap or non-heap memory pools: per pool used, committed and max, and for heap pools the
 * usage right after the last collection of that pool, which is what tells a live set that grows
 * (a leak) from a heap that merely fills with garbage between collections (a sawtooth).
 *
 * <p>Writes {@code "heap"} or {@code "nonHeap"}: {@code pools[]} with {@code name},
 * {@code usedBytes}, {@code committedBytes}, {@code maxBytes} (-1 when undefined) and, where the
 * JVM tracks it, {@code usedAfterGcBytes}; then totals. The non-heap section also sums the pools
 * into {@code metaspace*}, {@code classSpace*} and {@code codeCache*}.
 */
public final class MemoryPoolSampler implements Sampler {
    private final String section;
    private final boolean heap;
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private volatile long lastCommittedBytes = -1;

    private MemoryPoolSampler(String section, MemoryType type) {
        this.section = section;
        this.heap = type == MemoryType.HEAP;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == type) {
                pools.add(pool);
            }
        }
    }

    public static MemoryPoolSampler heap() {
        return new MemoryPoolSampler("heap", MemoryType.HEAP);
    }

    public static MemoryPoolSampler nonHeap() {
        return new MemoryPoolSampler("nonHeap", MemoryType.NON_HEAP);
    }

    @Override
    public String name() {
        return section;
    }

    @Override
    public void sample(JsonLine out) {
        long used = 0;
        long committed = 0;
        long usedAfterGc = 0;
        long[] metaspace = new long[2];
        long[] classSpace = new long[2];
        long[] codeCache = new long[2];
        out.beginObject(section).beginArray("pools");
        for (MemoryPoolMXBean pool : pools) {
            if (!pool.isValid()) {
                continue;
            }
            MemoryUsage usage = pool.getUsage();
            out.beginElementObject()
                    .field("name", pool.getName())
                    .field("usedBytes", usage.getUsed())
                    .field("committedBytes", usage.getCommitted())
                    .field("maxBytes", usage.getMax());
            if (heap) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                if (afterGc != null) {
                    out.field("usedAfterGcBytes", afterGc.getUsed());
                    usedAfterGc += afterGc.getUsed();
                }
            }
            out.endObject();
            used += usage.getUsed();
            committed += usage.getCommitted();
            String name = pool.getName();
            if (name.equals("Metaspace")) {
                add(metaspace, usage);
            } else if (name.equals("Compressed Class Space")) {
                add(classSpace, usage);
            } else if (name.startsWith("CodeHeap") || name.equals("Code Cache")) {
                add(codeCache, usage);
            }
        }
        lastCommittedBytes = committed;
        out.endArray().field("usedBytes", used).field("committedBytes", committed);
        if (heap) {
            out.field("maxBytes", Runtime.getRuntime().maxMemory()).field("usedAfterGcBytes", usedAfterGc);
        } else {
            out.field("metaspaceUsedBytes", metaspace[0]).field("metaspaceCommittedBytes", metaspace[1])
                    .field("classSpaceUsedBytes", classSpace[0]).field("classSpaceCommittedBytes", classSpace[1])
                    .field("codeCacheUsedBytes", codeCache[0]).field("codeCacheCommittedBytes", codeCache[1]);
        }
        out.endObject();
    }

    /** The pools' committed total at the last sample, -1 before the first. */
    public long lastCommittedBytes() {
        return lastCommittedBytes;
    }

    private static void add(long[] usedAndCommitted, MemoryUsage usage) {
        usedAndCommitted[0] += usage.getUsed();
        usedAndCommitted[1] += usage.getCommitted();
    }
}
