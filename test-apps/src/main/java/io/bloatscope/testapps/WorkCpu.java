package io.bloatscope.testapps;

import java.lang.management.ManagementFactory;

/**
 * The CPU time a benchmark workload took, as the peer benchmark reads it: one line
 * {@code CPU work=<ns> total=<ns> checksum=<n>}, with the process CPU time (every thread, so an
 * agent's own threads count) of the work alone and since the JVM started, and a checksum of what
 * the work computed, equal on every run of the same work.
 */
final class WorkCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long startNanos;

    private WorkCpu(long startNanos) {
        this.startNanos = startNanos;
    }

    static WorkCpu start() {
        return new WorkCpu(OS.getProcessCpuTime());
    }

    void report(long checksum) {
        long now = OS.getProcessCpuTime();
        System.out.println("CPU work=" + (now - startNanos) + " total=" + now + " checksum=" + checksum);
        System.out.flush();
    }
}
