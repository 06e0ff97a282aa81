package io.bloatscope.testapps;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread leak, as from an executor created per request and never shut down: every step
 * {@link #leakWorkerThreads} starts threads that park forever. Expected verdict: <b>THREAD_LEAK</b>,
 * because the live thread count climbs steadily (by {@code rate} per second) and with it the
 * reserved and committed thread stacks (NMT "Thread"), while the heap stays flat. The threads are
 * daemons so the app still exits normally when the run ends.
 *
 * <p>Options: {@code --rate} threads per second (default 20), {@code --max-threads} leaked threads
 * after which the leak holds steady (default 2000), {@code --seconds}.
 */
public final class ThreadLeak {
    private static int leakedThreads;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 20L, "max-threads", 2000L));
        long rate = args.positive("rate");
        int maxThreads = args.getInt("max-threads");
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            leakWorkerThreads(Math.min(run.perStep(rate), maxThreads - leakedThreads));
        }
        System.out.println("leakedThreads=" + leakedThreads + " liveThreads=" + ManagementFactory.getThreadMXBean().getThreadCount());
        run.finish();
    }

    static void leakWorkerThreads(long count) {
        for (long i = 0; i < count; i++) {
            Thread worker = new Thread(ThreadLeak::waitForWorkThatNeverComes, "leaked-worker-" + leakedThreads++);
            worker.setDaemon(true);
            worker.start();
        }
    }

    private static void waitForWorkThatNeverComes() {
        while (true) {
            LockSupport.park();
        }
    }
}
