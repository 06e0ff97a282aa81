package io.bloatscope.report.model;

/**
 * What a {@code malloc_trim(0)} would give back now, in every report whatever the verdict:
 * {@code bytes} the best estimate, {@code low}..{@code high} its range, {@code basis} how it was
 * reached (malloc_info's whole free pages, an smaps upper bound on JDK 17, a trim probe's result,
 * or why nothing could be estimated, when {@code bytes} is null).
 */
public final class TrimEstimate {
    public final Long bytes;
    public final Long low;
    public final Long high;
    public final String basis;
    /**
     * Under another allocator than glibc, when its own figures tell: what <em>its</em> purge would
     * give back now (jemalloc: its dirty pages), in the same shape; null otherwise. Never a
     * malloc_trim figure: {@code bytes} above stays what malloc_trim would give back.
     */
    public final TrimEstimate allocatorPurge;

    public TrimEstimate(Long bytes, Long low, Long high, String basis) {
        this(bytes, low, high, basis, null);
    }

    private TrimEstimate(Long bytes, Long low, Long high, String basis, TrimEstimate allocatorPurge) {
        this.bytes = bytes;
        this.low = low;
        this.high = high;
        this.basis = basis;
        this.allocatorPurge = allocatorPurge;
    }

    /** This estimate with what the allocator's own purge would give back. */
    public TrimEstimate withAllocatorPurge(TrimEstimate purge) {
        return new TrimEstimate(bytes, low, high, basis, purge);
    }

    public static TrimEstimate unknown(String why) {
        return new TrimEstimate(null, null, null, why);
    }
}
