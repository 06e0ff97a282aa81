package io.bloatscope.testapps;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The CPU time a benchmark workload took, as the peer benchmark reads it: one line
 * {@code CPU work=<ns> jit=<ns> total=<ns> checksum=<n>}, with the process CPU time (every
 * thread, so an agent's own threads count) of the work alone, the part of it the JIT compiler
 * threads spent (how much a run compiles varies from run to run by more than the effects being
 * measured; run with {@code -XX:-UseDynamicNumberOfCompilerThreads} so no compiler thread ends and
 * takes its time with it), the process CPU time since the JVM started, and a checksum of what the
 * work computed, equal on every run of the same work.
 */
final class WorkCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** USER_HZ: /proc reports thread CPU time in clock ticks of 10 ms on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long startNanos;
    private final long startJitNanos;

    private WorkCpu(long startNanos, long startJitNanos) {
        this.startNanos = startNanos;
        this.startJitNanos = startJitNanos;
    }

    static WorkCpu start() {
        return new WorkCpu(OS.getProcessCpuTime(), compilerThreadsNanos());
    }

    void report(long checksum) {
        long now = OS.getProcessCpuTime();
        long jit = compilerThreadsNanos() - startJitNanos;
        System.out.println("CPU work=" + (now - startNanos) + " jit=" + jit + " total=" + now + " checksum=" + checksum);
        System.out.flush();
    }

    /** CPU time of the live JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…"); 0 off Linux. */
    private static long compilerThreadsNanos() {
        File[] tasks = new File("/proc/self/task").listFiles();
        long ticks = 0;
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"), StandardCharsets.US_ASCII);
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (stat.startsWith("C1 CompilerThre", open + 1) || stat.startsWith("C2 CompilerThre", open + 1)) {
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            } catch (IOException | RuntimeException ended) {
                // the thread ended while we looked
            }
        }
        return ticks * NANOS_PER_TICK;
    }
}
