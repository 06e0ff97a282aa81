package io.bloatscope.report.analyze;

import java.util.List;

/**
 * One native site's cumulative figures as the agent wrote them ({@code sites.native[]}): what it
 * allocated, what was released explicitly ({@code end()}, {@code close()}), what the GC collected
 * without a release, and what is still live. Bytes of zlib objects are the agent's estimates.
 */
final class NativeSiteFigures {
    final String kind;
    final String frame;
    final List<Object> frames;
    final long allocatedCount;
    final long allocatedBytes;
    final long releasedCount;
    final long collectedCount;
    final long collectedBytes;
    final long liveCount;
    final long liveBytes;

    NativeSiteFigures(String kind, String frame, List<Object> frames, long allocatedCount, long allocatedBytes,
            long releasedCount, long collectedCount, long collectedBytes, long liveCount, long liveBytes) {
        this.kind = kind;
        this.frame = frame;
        this.frames = frames;
        this.allocatedCount = allocatedCount;
        this.allocatedBytes = allocatedBytes;
        this.releasedCount = releasedCount;
        this.collectedCount = collectedCount;
        this.collectedBytes = collectedBytes;
        this.liveCount = liveCount;
        this.liveBytes = liveBytes;
    }

    /** Of the objects that are gone, the share the GC collected instead of an explicit release. */
    double collectedShare() {
        long gone = releasedCount + collectedCount;
        return gone == 0 ? 0 : (double) collectedCount / gone;
    }
}
