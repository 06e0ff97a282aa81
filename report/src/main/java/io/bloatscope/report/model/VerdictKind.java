package io.bloatscope.report.model;

/** What a run's memory is doing; the names are part of the report JSON contract. */
public enum VerdictKind {
    /** The live set after GC keeps growing. */
    HEAP_LEAK,
    /** Live native memory keeps growing: NMT-tracked (evidence names the category) or untracked. */
    NATIVE_LEAK,
    /** Direct buffers keep growing in count and capacity. */
    DIRECT_BUFFER_LEAK,
    /**
     * Mapped buffers (FileChannel.map) keep growing: mappings kept reachable are unmapped only when
     * the GC collects them, and their touched pages count in RSS and a container's memory.
     */
    MAPPED_BUFFER_LEAK,
    /** Metaspace and loaded classes keep growing: class loaders kept alive (with the heap they hold). */
    METASPACE_LEAK,
    /** Live threads keep growing. */
    THREAD_LEAK,
    /**
     * Native memory released only by the GC: a site's Inflaters, Deflaters, ZipFiles or direct
     * buffers are collected instead of ended or closed, and what they hold is a large share of RSS.
     */
    NATIVE_CHURN,
    /** Native memory outside the JVM's own tracking holds a large share of RSS and does not shrink. */
    NATIVE_HELD,
    /**
     * The JIT compiler's memory (C1/C2 arenas) holds a large share of RSS: for the run's last quarter,
     * or only at a peak (then below the finding bar, with what glibc kept of it afterwards).
     */
    JIT_COMPILER_MEMORY,
    /** glibc keeps freed memory resident: retained (a trim gives it back) or fragmented. */
    MALLOC_BLOAT,
    /** Committed heap far above the live set for a long time, not given back. */
    HEAP_BLOAT,
    /** A part that matters (holds 5% of RSS or grows) could not be judged: says which, why, and the step that settles it. */
    INCONCLUSIVE,
    /** Nothing else reached confidence 0.5 and every significant part was judged; reported alone. */
    HEALTHY
}
