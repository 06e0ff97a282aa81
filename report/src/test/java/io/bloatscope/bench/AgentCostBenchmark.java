package io.bloatscope.bench;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's own cost on a busy application, measured, not assumed: runs the {@code Busy} test
 * app in interleaved pairs, without the agent and with it at {@code interval=1s} (defaults
 * otherwise: smaps at most once a minute, no trim probe), and prints
 * <ul>
 *   <li>the duration of one sampling tick (median and p99 over every tick after the first, which
 *   pays for class loading), as wall time and as the sampling thread's CPU time (wall time also
 *   counts waiting for a core and safepoint pauses), and the median per sampler;</li>
 *   <li>all the CPU time the sampling thread spends per interval: the tick, and also encoding the
 *   agent's own section, writing the line and waiting for the next tick (differences of
 *   {@code agent.cpuNanos} between consecutive snapshots, the snapshot at exit left out);</li>
 *   <li>the footprint: RSS with the agent minus RSS without, same app and run length, sampled over
 *   the second half of each run; median of the pairs;</li>
 *   <li>how busy the app kept the machine: its CPU time per second of run, in cores.</li>
 * </ul>
 * Usage, after {@code mvn verify} (or {@code mvn -DskipTests package}, which compiles the test classes too):
 * <pre>java [-Djar=target/bloatscope.jar] [-Doptions=nativeSites=off] -cp target/bloatscope.jar:report/target/test-classes
 *      io.bloatscope.bench.AgentCostBenchmark [pairs] [seconds] [rate]</pre>
 * where {@code rate} is Busy's operations per second over its 4 threads (default 20000; 0 runs them flat out).
 */
public final class AgentCostBenchmark {
    /** The build measured ({@code -Djar=}) and options added to the agent's ({@code -Doptions=nativeSites=off}). */
    private static final Path JAR = Path.of(System.getProperty("jar", "target/bloatscope.jar"));
    private static final String OPTIONS = System.getProperty("options", "").isBlank() ? "" : "," + System.getProperty("options");
    private static final Path APPS = Path.of("test-apps/target");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long rate = args.length > 2 ? Long.parseLong(args[2]) : 20000;
        Path work = Files.createTempDirectory("bloatscope-bench");
        List<Long> footprints = new ArrayList<>();
        List<Long> trimmedFootprints = new ArrayList<>();
        List<Long> ticks = new ArrayList<>();
        List<Long> ticksWithoutSmaps = new ArrayList<>();
        List<Long> cpuTicksWithoutSmaps = new ArrayList<>();
        List<Long> cpuPerInterval = new ArrayList<>();
        List<Double> appCores = new ArrayList<>();
        Map<String, List<Long>> samplerTicks = new TreeMap<>();
        for (int pair = 0; pair < pairs; pair++) {
            // Alternate which goes first so drift in the machine's state does not favour one side.
            boolean agentFirst = pair % 2 == 1;
            long[] withAgent = null;
            long[] without = null;
            for (int side = 0; side < 2; side++) {
                boolean agent = (side == 0) == agentFirst;
                Path out = work.resolve("pair-" + pair + ".jsonl");
                long[] rss = runBusy(agent ? out : null, seconds, rate, appCores);
                if (agent) {
                    withAgent = rss;
                    collectTicks(out, ticks, ticksWithoutSmaps, cpuTicksWithoutSmaps, cpuPerInterval, samplerTicks);
                } else {
                    without = rss;
                }
            }
            footprints.add(withAgent[0] - without[0]);
            trimmedFootprints.add(withAgent[1] - without[1]);
            System.out.printf(Locale.ROOT, "pair %d: RSS without %.1f MB, with %.1f MB, footprint %.1f MB; "
                    + "after a malloc trim in both: %.1f MB%n", pair, mb(without[0]), mb(withAgent[0]),
                    mb(withAgent[0] - without[0]), mb(withAgent[1] - without[1]));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "tick duration: median %.2f ms, p99 %.2f ms over %d ticks%n",
                percentile(ticks, 50) / 1000.0, percentile(ticks, 99) / 1000.0, ticks.size());
        System.out.printf(Locale.ROOT, "ticks without a smaps read: median %.2f ms, p99 %.2f ms over %d ticks%n",
                percentile(ticksWithoutSmaps, 50) / 1000.0, percentile(ticksWithoutSmaps, 99) / 1000.0,
                ticksWithoutSmaps.size());
        if (!cpuTicksWithoutSmaps.isEmpty()) {
            System.out.printf(Locale.ROOT, "  their CPU time: median %.2f ms, p99 %.2f ms over %d ticks%n",
                    percentile(cpuTicksWithoutSmaps, 50) / 1000.0, percentile(cpuTicksWithoutSmaps, 99) / 1000.0,
                    cpuTicksWithoutSmaps.size());
        }
        System.out.printf(Locale.ROOT, "sampling thread CPU per interval, ticks without a smaps read: median %.2f ms, "
                + "p99 %.2f ms over %d intervals%n", percentile(cpuPerInterval, 50) / 1000.0,
                percentile(cpuPerInterval, 99) / 1000.0, cpuPerInterval.size());
        for (Map.Entry<String, List<Long>> sampler : samplerTicks.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-10s median %.3f ms, p99 %.3f ms%n", sampler.getKey(),
                    percentile(sampler.getValue(), 50) / 1000.0, percentile(sampler.getValue(), 99) / 1000.0);
        }
        System.out.printf(Locale.ROOT, "footprint (RSS with agent - without): median %.1f MB over %d pairs%n",
                mb(percentile(footprints, 50)), footprints.size());
        System.out.printf(Locale.ROOT, "  after a malloc trim in both runs (live memory only): median %.1f MB%n",
                mb(percentile(trimmedFootprints, 50)));
        appCores.sort(null);
        System.out.printf(Locale.ROOT, "app CPU use: %.2f cores (median of %d runs, from %.2f to %.2f)%n",
                appCores.get(appCores.size() / 2), appCores.size(), appCores.get(0), appCores.get(appCores.size() - 1));
    }

    /**
     * Runs Busy for {@code seconds} at {@code rate} operations a second (0: flat out); returns the
     * median RSS over the second half of the run before a malloc trim and the median after one
     * (glibc returning the free memory its arenas keep, in both runs alike: what is left is live
     * memory), and adds the app's CPU use in cores (CPU time over wall time, until the trim) to
     * {@code cores}.
     */
    private static long[] runBusy(Path agentOut, int seconds, long rate, List<Double> cores)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentOut != null) {
            command.add("-javaagent:" + JAR.toAbsolutePath() + "=out=" + agentOut + ",interval=1s" + OPTIONS);
        }
        // A fixed, pre-touched heap keeps the heap's RSS identical in both runs, so the difference
        // is the agent's; without it, heap sizing noise is larger than the agent.
        command.add("-Xms256m");
        command.add("-Xmx256m");
        command.add("-XX:+AlwaysPreTouch");
        command.add("-cp");
        command.add(APPS.resolve("test-apps.jar") + File.pathSeparator + APPS.resolve("lib") + "/*");
        command.add("io.bloatscope.testapps.Busy");
        command.add("--seconds");
        command.add(Integer.toString(seconds));
        command.add("--rate");
        command.add(Long.toString(rate));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> rss = new ArrayList<>();
        List<Long> trimmedRss = new ArrayList<>();
        long start = System.nanoTime();
        double coresUsed = 0;
        boolean trimmed = false;
        while (process.isAlive()) {
            Thread.sleep(500);
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed > seconds / 2.0 && elapsed < seconds - 3) {
                long value = vmRssBytes(process.pid());
                if (value > 0) {
                    rss.add(value);
                }
                double cpuSeconds = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
                coresUsed = cpuSeconds / elapsed;
            } else if (elapsed >= seconds - 3 && !trimmed) {
                trimmed = true;
                trimNativeHeap(process.pid());
            } else if (trimmed && elapsed < seconds - 0.5) {
                long value = vmRssBytes(process.pid());
                if (value > 0) {
                    trimmedRss.add(value);
                }
            }
        }
        cores.add(coresUsed);
        return new long[] {percentile(rss, 50), percentile(trimmedRss, 50)};
    }

    private static void trimNativeHeap(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "System.trim_native_heap")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static long vmRssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between the check and the read.
        }
        return -1;
    }

    private static void collectTicks(Path out, List<Long> ticks, List<Long> ticksWithoutSmaps,
            List<Long> cpuTicksWithoutSmaps, List<Long> cpuPerInterval, Map<String, List<Long>> samplerTicks)
            throws IOException {
        List<Map<String, Object>> snapshots = SnapshotRun.read(out).snapshots();
        for (int i = 2; i < snapshots.size(); i++) {
            Map<String, Object> snapshot = snapshots.get(i);
            if (Fields.get(snapshot, "atExit") == null && Fields.get(snapshot, "smaps") == null) {
                cpuPerInterval.add((Fields.getLong(snapshot, "agent.cpuNanos", 0)
                        - Fields.getLong(snapshots.get(i - 1), "agent.cpuNanos", 0)) / 1000);
            }
        }
        for (Map<String, Object> snapshot : snapshots.subList(Math.min(1, snapshots.size()), snapshots.size())) {
            long tick = Fields.getLong(snapshot, "agent.tickMicros", 0);
            ticks.add(tick);
            if (Fields.get(snapshot, "smaps") == null) {
                ticksWithoutSmaps.add(tick);
                // Absent from agents older than the field.
                long cpu = Fields.getLong(snapshot, "agent.tickCpuMicros", -1);
                if (cpu >= 0) {
                    cpuTicksWithoutSmaps.add(cpu);
                }
            }
            Object perSampler = Fields.get(snapshot, "agent.samplerMicros");
            if (perSampler instanceof Map) {
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) perSampler).entrySet()) {
                    samplerTicks.computeIfAbsent(String.valueOf(entry.getKey()), k -> new ArrayList<>())
                            .add(((Number) entry.getValue()).longValue());
                }
            }
        }
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }
}
