package io.bloatscope.agent.core;

import io.bloatscope.agent.jvm.NmtSampler;
import io.bloatscope.agent.mx.MemoryPoolSampler;
import io.bloatscope.agent.os.ProcessSampler;
import java.util.function.LongSupplier;

/**
 * Anonymous resident memory that no JVM account explains, from the readings the cheap samplers
 * took earlier in the same tick: {@code RssAnon} minus the committed heap, minus NMT's committed
 * total without the heap when NMT is sampled (metaspace, threads, code, GC, ...), else minus the
 * non-heap pools' committed sizes (metaspace, class space, code cache). What is left is mostly
 * malloc that the JVM does not track, the part only smaps (or malloc_info) can describe, so its
 * growth is what makes extra smaps reads worth their cost.
 *
 * <p>Committed is not resident: a heap committed but not yet touched makes this figure low, not
 * high, and heap pages touched for the first time (warm-up) make it rise, so warm-up can cost a few
 * extra reads; a steady application, once warm, leaves it flat.
 */
final class AnonOutsideHeap implements LongSupplier {
    private final ProcessSampler process;
    private final MemoryPoolSampler heap;
    private final MemoryPoolSampler nonHeap;
    private final NmtSampler nmt;

    /** Any argument but {@code process} and {@code heap} may be null (a source absent on this JVM). */
    AnonOutsideHeap(ProcessSampler process, MemoryPoolSampler heap, MemoryPoolSampler nonHeap, NmtSampler nmt) {
        this.process = process;
        this.heap = heap;
        this.nonHeap = nonHeap;
        this.nmt = nmt;
    }

    /** Bytes, or {@link Long#MIN_VALUE} when a needed reading is missing. */
    @Override
    public long getAsLong() {
        long rssAnon = process == null ? -1 : process.lastRssAnonBytes();
        long heapCommitted = heap == null ? -1 : heap.lastCommittedBytes();
        if (rssAnon < 0 || heapCommitted < 0) {
            return Long.MIN_VALUE;
        }
        long jvmOutsideHeap = nmt == null ? -1 : nmt.lastCommittedOutsideHeapBytes();
        if (jvmOutsideHeap < 0) {
            jvmOutsideHeap = nonHeap == null ? 0 : Math.max(0, nonHeap.lastCommittedBytes());
        }
        return rssAnon - heapCommitted - jvmOutsideHeap;
    }
}
