package io.bloatscope.agent.sites;

import java.util.List;

/** One heap allocation site (allocating frame and object type) and what was seen of it. */
final class HeapSite {
    final String frame;
    final List<String> frames;
    final String type;
    /** Bytes the allocation samples read since the last snapshot stand for (JFR's weight). */
    long sampledBytes;
    long samples;
    /** Old-object samples of this site alive at the last survey, and their bytes where known. */
    long survivingCount;
    long survivingBytes;

    HeapSite(String frame, List<String> frames, String type) {
        this.frame = frame;
        this.frames = frames;
        this.type = type;
    }

    static String key(String frame, String type) {
        return frame + '\u0000' + type;
    }
}
