package io.bloatscope.bench;

import java.io.IOException;
import java.util.List;

/**
 * Swaps the CPUs of two pinned processes every {@code periodMillis} until closed, so that each
 * spends the same share of its run on each CPU.
 *
 * <p>Why: on this virtual machine one vCPU can run several percent slower than the other for tens
 * of seconds at a time, and which one changes from minute to minute. Two JVMs doing the same work,
 * each pinned to one CPU, then differ by that much for a whole run (measured: a null pair's ratio
 * kept the same 0.95 or 1.08 over eight consecutive phases, and flipped when the CPUs were swapped
 * between phases). Swapping a few times a second gives both JVMs the same mix of the two CPUs.
 *
 * <p>Each swap is {@code taskset -a -p} on every thread of both processes; which process moves
 * first alternates, so that the few milliseconds in which both share a CPU fall on each side alike.
 */
final class CpuSwapper implements AutoCloseable {
    private final Thread thread;

    /** Starts swapping; {@code first} is on CPU {@code firstCpu} now, {@code second} on the other. */
    CpuSwapper(Process first, Process second, int firstCpu, long periodMillis) {
        thread = new Thread(() -> swapUntilInterrupted(first, second, firstCpu, periodMillis), "cpu-swapper");
        thread.setDaemon(true);
        thread.start();
    }

    private static void swapUntilInterrupted(Process first, Process second, int firstCpu, long periodMillis) {
        try {
            for (int swap = 1; first.isAlive() || second.isAlive(); swap++) {
                Thread.sleep(periodMillis);
                int cpuOfFirst = (firstCpu + swap) % 2;
                List<Process> order = swap % 2 == 0 ? List.of(first, second) : List.of(second, first);
                for (Process process : order) {
                    pin(process, process == first ? cpuOfFirst : 1 - cpuOfFirst);
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("taskset failed", e);
        }
    }

    private static void pin(Process process, int cpu) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        // Exits non-zero when the process ends meanwhile; the next swap does not try it again.
        new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
