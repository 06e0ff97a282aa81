package io.bloatscope.agent.os;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.format.text.LineCursor;
import io.bloatscope.agent.write.JsonLine;
import java.nio.file.Path;

/**
 * Writes the process's own view of its memory from {@code /proc/self/status}:
 * <pre>"process":{"vmRssBytes":n,"vmHwmBytes":n,"vmSizeBytes":n,"rssAnonBytes":n,
 *   "rssFileBytes":n,"rssShmemBytes":n,"vmSwapBytes":n,"threads":n}</pre>
 * A field the kernel does not print is -1. RSS here is the ledger's total: every other source
 * explains a part of it.
 */
public final class ProcessSampler implements Sampler {
    private final ProcFile status;
    private final LineCursor cursor = new LineCursor();
    private volatile long lastRssAnonBytes = -1;

    public ProcessSampler() {
        this(Path.of("/proc/self/status"));
    }

    ProcessSampler(Path statusFile) {
        this.status = new ProcFile(statusFile, 4096);
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        ProcStatus s = ProcStatus.parse(status.read(), cursor);
        if (s.vmRssBytes < 0) {
            throw new IllegalStateException(status.path() + " has no VmRSS line");
        }
        lastRssAnonBytes = s.rssAnonBytes;
        snapshot.beginObject("process")
                .field("vmRssBytes", s.vmRssBytes)
                .field("vmHwmBytes", s.vmHwmBytes)
                .field("vmSizeBytes", s.vmSizeBytes)
                .field("rssAnonBytes", s.rssAnonBytes)
                .field("rssFileBytes", s.rssFileBytes)
                .field("rssShmemBytes", s.rssShmemBytes)
                .field("vmSwapBytes", s.vmSwapBytes)
                .field("threads", s.threads)
                .endObject();
    }

    /** RssAnon at the last sample, -1 before the first or when the kernel does not print it. */
    public long lastRssAnonBytes() {
        return lastRssAnonBytes;
    }

    /** Releases the status file, which is kept open between ticks. */
    @Override
    public void close() {
        status.close();
    }
}
