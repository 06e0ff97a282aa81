package io.bloatscope.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An allocation site behind a verdict: the allocating frame and its bytes, plus whatever else the
 * agent measured for it (counts, live bytes, type), each key carrying its unit.
 */
public final class Site {
    public final String frame;
    public final long bytes;
    public final Map<String, Object> details;

    /** The frame, and the allocation layer it went through when there was one: "… (via Netty's pooled allocator, PoolArena.newChunk)". */
    public String label() {
        Object via = details.get("via");
        return via == null ? frame : frame + " (via " + via + ")";
    }

    public Site(String frame, long bytes, Map<String, Object> details) {
        this.frame = frame;
        this.bytes = bytes;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
