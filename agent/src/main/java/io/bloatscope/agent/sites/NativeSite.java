package io.bloatscope.agent.sites;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters of one native allocation site (one kind, one frame). Application threads update
 * them without waiting (adders and an HdrHistogram {@link Recorder}); the sampling thread reads
 * them. Counts and bytes are cumulative since tracking started.
 */
final class NativeSite {
    static final String OTHER = "other";
    private static final long HIGHEST_SIZE = 1L << 40;

    final int kind;
    final String frame;
    final List<String> frames;
    final LongAdder allocatedCount = new LongAdder();
    final LongAdder allocatedBytes = new LongAdder();
    final LongAdder releasedCount = new LongAdder();
    final LongAdder releasedBytes = new LongAdder();
    final LongAdder collectedCount = new LongAdder();
    final LongAdder collectedBytes = new LongAdder();
    private final Recorder sizes = new Recorder(HIGHEST_SIZE, 2);
    /** All sizes since start; touched by the sampling thread only. */
    private final Histogram allSizes = new Histogram(HIGHEST_SIZE, 2);
    private Histogram interval;

    /** The allocation layer between the site and the JDK, or null. */
    final String via;

    NativeSite(int kind, String frame, List<String> frames) {
        this(kind, frame, frames, null);
    }

    NativeSite(int kind, String frame, List<String> frames, String via) {
        this.via = via;
        this.kind = kind;
        this.frame = frame;
        this.frames = frames;
    }

    void allocated(long count, long bytes, long size) {
        allocatedCount.add(count);
        allocatedBytes.add(bytes);
        if (size >= 0) {
            sizes.recordValueWithCount(Math.min(size, HIGHEST_SIZE), Math.max(1, count));
        }
    }

    void released(long count, long bytes) {
        releasedCount.add(count);
        releasedBytes.add(bytes);
    }

    void collected(long count, long bytes) {
        collectedCount.add(count);
        collectedBytes.add(bytes);
    }

    long liveCount() {
        return allocatedCount.sum() - releasedCount.sum() - collectedCount.sum();
    }

    long liveBytes() {
        return allocatedBytes.sum() - releasedBytes.sum() - collectedBytes.sum();
    }

    /** Every size recorded since start; call on the sampling thread only. */
    Histogram sizeHistogram() {
        interval = sizes.getIntervalHistogram(interval);
        allSizes.add(interval);
        return allSizes;
    }
}
