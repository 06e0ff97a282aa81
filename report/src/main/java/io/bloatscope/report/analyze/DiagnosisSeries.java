package io.bloatscope.report.analyze;

/** Names of the series a {@link io.bloatscope.report.model.Diagnosis} carries, as verdicts refer to them. */
public final class DiagnosisSeries {
    public static final String RSS = "rssBytes";
    public static final String HEAP_USED = "heapUsedBytes";
    public static final String HEAP_COMMITTED = "heapCommittedBytes";
    public static final String HEAP_AFTER_GC = "heapAfterGcBytes";
    public static final String DIRECT = "directBufferBytes";
    /** The mapped buffer pool's capacity (mapped, not necessarily resident). */
    public static final String MAPPED = "mappedBufferBytes";
    /** File-backed resident memory (RssFile): where a mapping's touched pages are counted. */
    public static final String RSS_FILE = "rssFileBytes";
    public static final String METASPACE = "metaspaceUsedBytes";
    public static final String CLASSES = "classesLoaded";
    public static final String THREADS = "threadsLive";
    public static final String NMT_OTHER = "nmtOtherBytes";
    /** NMT Compiler + Arena Chunk: the JIT compilers' memory. */
    public static final String NMT_JIT = "jitCompilerBytes";
    public static final String UNTRACKED_NATIVE = "untrackedNativeBytes";
    public static final String MALLOC_RETAINED = "mallocRetainedBytes";

    private DiagnosisSeries() {
    }
}
