package io.bloatscope.testapps;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The CPU time a benchmark workload took, as the peer benchmark reads it: one line
 * {@code CPU work=<ns> jit=<ns> tool=<ns> total=<ns> checksum=<n>}, with the process CPU time
 * (every thread, so an agent's own threads count) of the work alone; the part of it the JIT
 * compiler threads spent (how much a run compiles varies from run to run by more than the effects
 * being measured; run with {@code -XX:-UseDynamicNumberOfCompilerThreads} so no compiler thread
 * ends and takes its time with it); the part the profiling tools' own threads spent (bloatscope's
 * {@code bloatscope-*} and JFR's {@code JFR *} threads: exact, where the work's own CPU is noisy);
 * the process CPU time since the JVM started; a checksum of what the work computed, equal on
 * every run of the same work; and, last, the part the garbage collector's threads spent.
 */
final class WorkCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** USER_HZ: /proc reports thread CPU time in clock ticks of 10 ms on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long startNanos;
    private final long[] startThreads;

    private WorkCpu(long startNanos, long[] startThreads) {
        this.startNanos = startNanos;
        this.startThreads = startThreads;
    }

    static WorkCpu start() {
        return new WorkCpu(OS.getProcessCpuTime(), threadGroupsNanos());
    }

    void report(long checksum) {
        long now = OS.getProcessCpuTime();
        long[] threads = threadGroupsNanos();
        System.out.println("CPU work=" + (now - startNanos) + " jit=" + (threads[0] - startThreads[0])
                + " tool=" + (threads[1] - startThreads[1]) + " total=" + now + " checksum=" + checksum
                + " gc=" + (threads[2] - startThreads[2]));
        System.out.flush();
    }

    /**
     * CPU time of the live JIT compiler threads ("C1 CompilerThre…", "C2 CompilerThre…": the kernel
     * keeps 15 characters of a name), of the tools' threads and of the garbage collector's (G1's
     * and the VM thread, which runs the pauses' serial parts); zeros off Linux.
     */
    private static long[] threadGroupsNanos() {
        File[] tasks = new File("/proc/self/task").listFiles();
        long[] ticks = new long[3];
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"), StandardCharsets.US_ASCII);
                int name = stat.indexOf('(') + 1;
                int group = stat.startsWith("C1 CompilerThre", name) || stat.startsWith("C2 CompilerThre", name) ? 0
                        : stat.startsWith("bloatscope-", name) || stat.startsWith("JFR ", name) ? 1
                        : stat.startsWith("GC Thread", name) || stat.startsWith("G1 ", name)
                                || stat.startsWith("VM Thread", name) ? 2 : -1;
                if (group >= 0) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks[group] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            } catch (IOException | RuntimeException ended) {
                // the thread ended while we looked
            }
        }
        return new long[] {ticks[0] * NANOS_PER_TICK, ticks[1] * NANOS_PER_TICK, ticks[2] * NANOS_PER_TICK};
    }
}
