package io.bloatscope.report.analyze;

/** Names of the series a {@link io.bloatscope.report.model.Diagnosis} carries, as verdicts refer to them. */
final class DiagnosisSeries {
    static final String RSS = "rssBytes";
    static final String HEAP_USED = "heapUsedBytes";
    static final String HEAP_COMMITTED = "heapCommittedBytes";
    static final String HEAP_AFTER_GC = "heapAfterGcBytes";
    static final String DIRECT = "directBufferBytes";
    static final String METASPACE = "metaspaceUsedBytes";
    static final String CLASSES = "classesLoaded";
    static final String THREADS = "threadsLive";
    static final String NMT_OTHER = "nmtOtherBytes";
    static final String UNTRACKED_NATIVE = "untrackedNativeBytes";
    static final String MALLOC_RETAINED = "mallocRetainedBytes";

    private DiagnosisSeries() {
    }
}
