package io.bloatscope.junit;

/**
 * What a {@link LeakTest} measures after each measured repetition, with the noise floor under
 * which growth is never called a leak. Floors are set from what a quiet JVM shows between full
 * collections: the live heap moves by a few KB, native memory (malloc arenas, JIT, class data) by
 * a few hundred KB.
 */
public enum Resource {
    /** Java heap used right after a full collection, in bytes. */
    HEAP("live heap after GC", "bytes", 64 * 1024, 16),
    /** Memory of direct and mapped NIO buffers (collected buffers' memory released first), in bytes. */
    DIRECT_BUFFERS("direct and mapped buffer memory", "bytes", 64 * 1024, 16),
    /** Live Java threads. */
    THREADS("live threads", "threads", 4, 0.02),
    /**
     * Native memory: NMT's committed total minus the Java heap when the JVM runs with
     * {@code -XX:NativeMemoryTracking}, otherwise anonymous resident memory minus the committed heap.
     */
    NATIVE("native memory", "bytes", 4 * 1024 * 1024, 1024),
    /**
     * Memory Netty's pooled allocators hold ({@code PooledByteBufAllocator.DEFAULT}, and
     * {@code ByteBufAllocator.DEFAULT} when it is another one), direct and heap, by their own
     * metrics, in bytes. It grows in whole chunks (4 MB by default); without Netty on the test's
     * class path it is not measured.
     */
    NETTY_POOLED("Netty pooled allocator memory", "bytes", 64 * 1024, 16);

    final String description;
    final String unit;
    /** Least growth over the judged repetitions that can be a leak. */
    final double floor;
    /** Least growth per repetition that can be a leak. */
    final double minPerRepetition;

    Resource(String description, String unit, double floor, double minPerRepetition) {
        this.description = description;
        this.unit = unit;
        this.floor = floor;
        this.minPerRepetition = minPerRepetition;
    }
}
