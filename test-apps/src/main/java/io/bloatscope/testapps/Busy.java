package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The workload for the overhead benchmark: {@code --threads} threads each doing "request-like"
 * mixed work (an LRU cache lookup, building and parsing a string, sorting a small list, a little
 * allocation) at a steady pace. Run it with and without the agent and compare the
 * {@code OPS total=<n> perSecond=<x>} line it prints at the end (with {@code --rate 0} the threads
 * run flat out, which is the throughput comparison; with a rate, compare CPU time instead).
 * Expected verdict: <b>HEALTHY</b>: bounded caches, nothing grows.
 *
 * <p>Options: {@code --threads} (default 4), {@code --rate} operations per second over all threads
 * (default 20000; 0 = unthrottled), {@code --seconds}.
 */
public final class Busy {
    private static final LongAdder OPERATIONS = new LongAdder();
    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);

    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("threads", 4L, "rate", 20000L));
        int threads = (int) args.positive("threads");
        long ratePerThread = args.get("rate") == 0 ? 0 : Math.max(1, args.get("rate") / threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> work(ratePerThread, seed), "busy-worker-" + t);
            worker.setDaemon(true);
            workers.add(worker);
        }
        ScenarioRun run = new ScenarioRun(args);
        workers.forEach(Thread::start);
        run.ready();
        while (run.nextStep()) {
            // the workers keep their own pace; the main thread only keeps time
        }
        RUNNING.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        long total = OPERATIONS.sum();
        System.out.printf("OPS total=%d perSecond=%.1f%n", total, total * 1000.0 / Math.max(1, run.elapsedMillis()));
        run.finish();
    }

    private static void work(long opsPerSecond, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > 1000;
            }
        };
        long startNanos = System.nanoTime();
        long done = 0;
        long checksum = 0;
        while (RUNNING.get()) {
            long due = opsPerSecond == 0 ? done + 100
                    : opsPerSecond * (System.nanoTime() - startNanos) / TimeUnit.SECONDS.toNanos(1);
            if (done >= due) {
                sleepMillis(5);
                continue;
            }
            for (; done < due && RUNNING.get(); done++) {
                checksum += oneRequest(random, cache);
                OPERATIONS.increment();
            }
        }
        if (checksum == 42) {
            System.out.println("unlikely checksum"); // keeps the work from being optimised away
        }
    }

    private static long oneRequest(SplittableRandom random, Map<String, String> cache) {
        String key = "customer-" + random.nextInt(2000);
        String record = cache.get(key);
        if (record == null) {
            StringBuilder sb = new StringBuilder(64);
            for (int i = 0; i < 8; i++) {
                sb.append(random.nextInt(1000)).append(',');
            }
            record = sb.toString();
            cache.put(key, record);
        }
        List<Integer> numbers = new ArrayList<>(8);
        for (String part : record.split(",")) {
            numbers.add(Integer.parseInt(part));
        }
        Collections.sort(numbers);
        return numbers.get(numbers.size() / 2) + key.length();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RUNNING.set(false);
        }
    }
}
