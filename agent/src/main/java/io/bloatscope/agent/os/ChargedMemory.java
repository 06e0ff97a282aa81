package io.bloatscope.agent.os;

import io.bloatscope.format.text.LineCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory limit captures are taken against, and the figure the kernel holds against it, read
 * at every tick.
 * <ul>
 * <li>With the option {@code memoryLimit=<size>} (a VM, a test): that size, against the process's
 * RSS ({@code VmRSS}), since no cgroup enforces it.
 * <li>Otherwise the memory cgroup's limit (read once at start), against the cgroup's usage minus
 * its inactive file pages ({@code memory.current} − {@code inactive_file} on v2,
 * {@code memory.usage_in_bytes} − {@code total_inactive_file} on v1): the "working set" the
 * kubelet evicts on, and close to what the OOM killer weighs, since the kernel reclaims inactive
 * page cache before it kills. Usage counts every process in the cgroup, not only this JVM.
 * </ul>
 * No limit (no option, no cgroup or an unlimited one) means no captures: {@link #create} returns
 * null.
 */
public final class ChargedMemory {
    /** Names of the figure in the capture line's {@code usage} field. */
    public static final String RSS = "rss";
    public static final String CGROUP_WORKING_SET = "cgroupWorkingSet";

    private final long limitBytes;
    private final String limitSource;
    private final ProcFile usage;
    private final ProcFile stat;
    private final String inactiveKey;
    private final LineCursor cursor = new LineCursor();

    private ChargedMemory(long limitBytes, String limitSource, ProcFile usage, ProcFile stat, String inactiveKey) {
        this.limitBytes = limitBytes;
        this.limitSource = limitSource;
        this.usage = usage;
        this.stat = stat;
        this.inactiveKey = inactiveKey;
    }

    /**
     * @param memoryLimitBytes the {@code memoryLimit} option, 0 for the cgroup's limit
     * @return null when there is no limit to take captures against
     */
    public static ChargedMemory create(long memoryLimitBytes) throws IOException {
        if (memoryLimitBytes > 0) {
            return new ChargedMemory(memoryLimitBytes, "memoryLimit", new ProcFile(Path.of("/proc/self/status"), 4096),
                    null, null);
        }
        Cgroup cgroup = Cgroup.detect();
        if (cgroup == null || !Files.isReadable(cgroup.limitFile)) {
            return null;
        }
        long limit = Cgroup.parseLimit(ProcFile.readOnce(cgroup.limitFile));
        if (limit <= 0) {
            return null;
        }
        return forCgroup(cgroup.version, limit, cgroup.usageFile);
    }

    /** Against a cgroup whose usage file is given; its memory.stat is beside it. */
    static ChargedMemory forCgroup(int version, long limitBytes, Path usageFile) {
        // v1's memory.stat has both inactive_file (this cgroup alone) and total_inactive_file
        // (with its children), like usage_in_bytes; v2's counts children in inactive_file.
        return new ChargedMemory(limitBytes, "cgroup", new ProcFile(usageFile, 64),
                new ProcFile(usageFile.resolveSibling("memory.stat"), 4096),
                version == 1 ? "total_inactive_file " : "inactive_file ");
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** {@code memoryLimit} (the option) or {@code cgroup}. */
    public String limitSource() {
        return limitSource;
    }

    /** {@link #RSS} or {@link #CGROUP_WORKING_SET}. */
    public String figure() {
        return stat == null ? RSS : CGROUP_WORKING_SET;
    }

    /** The figure now, in bytes. */
    public long usageBytes() throws IOException {
        if (stat == null) {
            long rss = ProcStatus.parse(usage.read(), cursor).vmRssBytes;
            if (rss < 0) {
                throw new IOException("no VmRSS in /proc/self/status");
            }
            return rss;
        }
        long charged = Cgroup.parseUsage(usage.read());
        return Math.max(0, charged - inactiveFileBytes(stat.read()));
    }

    /** The inactive file pages in a memory.stat text; 0 when the key is missing. */
    long inactiveFileBytes(CharSequence text) {
        cursor.reset(text);
        while (cursor.nextLine()) {
            if (cursor.skip(inactiveKey)) {
                long value = cursor.readLong();
                return value == LineCursor.NONE ? 0 : value;
            }
        }
        return 0;
    }

    public void close() {
        usage.close();
        if (stat != null) {
            stat.close();
        }
    }
}
