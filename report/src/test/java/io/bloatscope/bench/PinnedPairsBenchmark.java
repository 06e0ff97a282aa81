package io.bloatscope.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bloatscope's cost on the order service from pairs of JVMs that run <em>at the same time</em>, one
 * without the agent and one with it, each pinned to its own CPU ({@code taskset}) and sized for one
 * ({@code -XX:ActiveProcessorCount=1}, one request thread); the CPUs are swapped every pair.
 *
 * <p>Why: on this virtual machine a run's CPU time varies by ±10 % and more from minute to minute
 * (time the host takes away counts as the guest's CPU time), in separate JVMs and in one JVM alike,
 * which drowns a cost of a few percent. Two JVMs running side by side see the same minute, so their
 * ratio varies by about ±2 % (two JVMs that differ by nothing but a do-nothing agent came out at
 * 0.99–1.02). The CPU is the process's in the measured phase (after 60 000 warm-up requests)
 * without the JIT compiler thread's, as in {@link PeerBenchmark}; the agent's own threads run on
 * the same CPU and count. The median of the pairs is given with its range.
 *
 * <p>Usage, after {@code mvn -B -DskipTests package}, on Linux with {@code taskset} and 2 CPUs:
 * <pre>java [-Dvariants=defaults;heapSites=on,nativeSites=on] -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.PinnedPairsBenchmark [pairs] [requests]</pre>
 */
public final class PinnedPairsBenchmark {
    private static final Path JAR = Path.of("target/bloatscope.jar");
    private static final Path APPS = Path.of("test-apps/target");
    private static final Pattern CPU_LINE = Pattern.compile("CPU work=(\\d+) jit=(\\d+) tool=(\\d+)");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        String requests = args.length > 1 ? args[1] : "40000";
        Path work = Files.createTempDirectory("bloatscope-pinned");
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("bloatscope, defaults", "");
        variants.put("bloatscope, heapSites=on", ",heapSites=on");
        variants.put("bloatscope, nativeSites=on", ",nativeSites=on");
        variants.put("bloatscope, heapSites=on,nativeSites=on", ",heapSites=on,nativeSites=on");
        // -Dvariants=defaults;nativeSites=on keeps the rows whose names end so
        String only = System.getProperty("variants");
        if (only != null) {
            variants.keySet().removeIf(name -> java.util.Arrays.stream(only.split(";")).noneMatch(name::endsWith));
        }
        System.out.printf(Locale.ROOT, "java %s, %d pairs a variant of %s requests; output under %s%n",
                System.getProperty("java.version"), pairs, requests, work);
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> toolShares = new LinkedHashMap<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (Map.Entry<String, String> variant : variants.entrySet()) {
                int agentCpu = pair % 2;
                Path out = work.resolve("pair-" + pair + "-" + ratios.size() + ".jsonl");
                Process without = start(1 - agentCpu, null, requests);
                Process with = start(agentCpu, "-javaagent:" + JAR.toAbsolutePath() + "=out=" + out + variant.getValue(),
                        requests);
                long[] base = cpu(without);
                long[] measured = cpu(with);
                double ratio = (double) measured[0] / base[0];
                ratios.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(ratio);
                toolShares.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(100.0 * measured[1] / measured[0]);
                System.out.printf(Locale.ROOT, "  pair %d %-42s no agent %6.0f ms, with %6.0f ms: %.3f%n", pair,
                        variant.getKey(), base[0] / 1e6, measured[0] / 1e6, ratio);
            }
        }
        System.out.printf(Locale.ROOT, "%norders, pinned concurrent pairs, one request thread each, JDK %s%n%n",
                System.getProperty("java.version"));
        System.out.println("| variant | ratio to no agent, median (range) | agent's own threads |");
        System.out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> variant : ratios.entrySet()) {
            List<Double> r = variant.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f–%.3f) | %.1f %% |%n", variant.getKey(), Median.of(r),
                    Collections.min(r), Collections.max(r), Median.of(toolShares.get(variant.getKey())));
        }
    }

    private static Process start(int cpu, String agent, String requests) throws Exception {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m",
                "-XX:ActiveProcessorCount=1", "-XX:-UseDynamicNumberOfCompilerThreads"));
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of("-cp", APPS.resolve("test-apps.jar") + java.io.File.pathSeparator + APPS.resolve("lib").resolve("*"),
                "io.bloatscope.testapps.OrderService", "--threads", "1", "--warmup", "60000", "--requests", requests));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The measured phase's CPU without the JIT's, and the agent's threads' part of it, in ns. */
    private static long[] cpu(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher line = CPU_LINE.matcher(output);
        if (process.waitFor() != 0 || !line.find()) {
            throw new IllegalStateException("run failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new long[] {Long.parseLong(line.group(1)) - Long.parseLong(line.group(2)), Long.parseLong(line.group(3))};
    }
}
