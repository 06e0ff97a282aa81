package io.bloatscope.report.model;

/** What a run's memory is doing; the names are part of the report JSON contract. */
public enum VerdictKind {
    /** The live set after GC keeps growing. */
    HEAP_LEAK,
    /** Live native memory keeps growing: NMT-tracked (evidence names the category) or untracked. */
    NATIVE_LEAK,
    /** Direct buffers keep growing in count and capacity. */
    DIRECT_BUFFER_LEAK,
    /** Metaspace and loaded classes keep growing: class loaders kept alive. */
    METASPACE_LEAK,
    /** Live threads keep growing. */
    THREAD_LEAK,
    /** glibc keeps freed memory resident: retained (a trim gives it back) or fragmented. */
    MALLOC_BLOAT,
    /** Committed heap far above the live set for a long time, not given back. */
    HEAP_BLOAT,
    /** Nothing else reached confidence 0.5; reported alone. */
    HEALTHY
}
