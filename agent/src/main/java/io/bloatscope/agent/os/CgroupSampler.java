package io.bloatscope.agent.os;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.io.IOException;

/**
 * Writes the memory cgroup's limit and usage, the numbers the OOM killer and container runtime
 * act on:
 * <pre>"cgroup":{"version":1|2,"limitBytes":n,"usageBytes":n}</pre>
 * {@code limitBytes} is -1 when unlimited. Usage counts page cache too, so it may exceed the
 * process's RSS.
 *
 * <p>Created through {@link #create()}, which returns null when this process has no memory cgroup
 * with readable numbers (no section is written then, rather than an empty one); the header's
 * container limit comes from {@link #limitBytes()}.
 */
public final class CgroupSampler implements Sampler {
    private final Cgroup cgroup;
    private final ProcFile limit;
    private final ProcFile usage;
    /** v2's root cgroup has memory.current but no memory.max; decided once, not per tick. */
    private final boolean hasLimitFile;

    CgroupSampler(Cgroup cgroup) {
        this.cgroup = cgroup;
        this.hasLimitFile = java.nio.file.Files.isReadable(cgroup.limitFile);
        this.limit = new ProcFile(cgroup.limitFile, 64);
        this.usage = new ProcFile(cgroup.usageFile, 64);
    }

    /** A sampler for this process's memory cgroup, or null when there is none. */
    public static CgroupSampler create() throws IOException {
        Cgroup cgroup = Cgroup.detect();
        return cgroup == null ? null : new CgroupSampler(cgroup);
    }

    @Override
    public String name() {
        return "cgroup";
    }

    /** 1 or 2. */
    public int version() {
        return cgroup.version;
    }

    /** The limit now, or -1 when unlimited (v2 at a root cgroup has no limit file either). */
    public long limitBytes() throws IOException {
        if (!hasLimitFile) {
            return -1;
        }
        return Cgroup.parseLimit(limit.read());
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        long limitBytes = limitBytes();
        long usageBytes = Cgroup.parseUsage(usage.read());
        snapshot.beginObject("cgroup")
                .field("version", cgroup.version)
                .field("limitBytes", limitBytes)
                .field("usageBytes", usageBytes)
                .endObject();
    }

    /** Releases the limit and usage files, which are kept open between ticks. */
    @Override
    public void close() {
        limit.close();
        usage.close();
    }
}
