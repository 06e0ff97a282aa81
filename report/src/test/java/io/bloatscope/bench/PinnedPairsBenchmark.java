package io.bloatscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

/**
 * bloatscope's cost on the order service from pairs of JVMs that run <em>at the same time</em>, one
 * without the agent and one with it, each pinned to its own CPU ({@code taskset}) and sized for one
 * ({@code -XX:ActiveProcessorCount=1}, one request thread); the two swap CPUs every 200 ms
 * ({@link CpuSwapper}), and which JVM starts first alternates every other pair. A null pair (no
 * agent on either side) shows what the method reads when nothing differs.
 *
 * <p>Why: on this virtual machine a run's CPU time varies by ±10 % and more from minute to minute
 * (time the host takes away counts as the guest's CPU time), in separate JVMs and in one JVM alike,
 * which drowns a cost of a few percent. Two JVMs running side by side see the same minute. Each
 * pinned to one CPU for its whole run, their ratio still had a standard deviation of 3–5 % (null
 * pairs included), because one vCPU can be several percent slower than the other for tens of
 * seconds; swapping the CPUs a few times a second brought it to about 1 %. The CPU is the process's
 * in the measured phase (after {@code -Dwarmup} requests) without the JIT compiler thread's, as in
 * {@link PeerBenchmark}; the agent's own threads run on the same CPU and count, and the GC threads'
 * part is shown apart. The median of the pairs is given with its range, and the mean with its
 * standard error.
 *
 * <p>A control row runs an agent that does nothing, with bloatscope's manifest capabilities: what
 * merely loading an agent reads.
 *
 * <p>Usage, after {@code mvn -B -DskipTests package}, on Linux with {@code taskset} and 2 CPUs:
 *
 * <pre>java [-Dvariants=side;capabilities;defaults;heapSites=on,nativeSites=on] [-Dwarmup=60000] [-Djvm=-Xbatch]
 *      [-Dswap=200] [-Dextra='label=flags;label=flags'] -cp target/bloatscope.jar:report/target/test-classes
 *      io.bloatscope.bench.PinnedPairsBenchmark [pairs] [requests]</pre>
 *
 * <p>{@code -Dswap=0} keeps each JVM on one CPU (the method before). {@code -Dextra} adds rows with
 * their own flags for the JVM under test, {@code {out}} standing for its snapshot file, e.g.
 * {@code -Dextra='other build=-javaagent:/tmp/other.jar=out={out}'} to compare two builds.
 */
public final class PinnedPairsBenchmark {
    private static final Path JAR = Path.of("target/bloatscope.jar");
    private static final Path APPS = Path.of("test-apps/target");
    /** Requests served before the measured phase; {@code -Dwarmup=} changes it. */
    private static final String WARMUP = System.getProperty("warmup", "60000");
    /** Flags for both JVMs of a pair, space-separated, e.g. {@code -Djvm=-Xbatch}. */
    private static final List<String> JVM_FLAGS = System.getProperty("jvm", "").isBlank() ? List.of()
            : List.of(System.getProperty("jvm").trim().split("\\s+"));
    /** How often the two JVMs of a pair swap CPUs, in ms ({@code -Dswap=}); 0 keeps each on its CPU. */
    private static final long SWAP_MILLIS = Long.getLong("swap", 200);
    private static final Pattern CPU_LINE = Pattern.compile("CPU work=(\\d+) jit=(\\d+) tool=(\\d+) .* gc=(\\d+)");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        String requests = args.length > 1 ? args[1] : "40000";
        Path work = Files.createTempDirectory("bloatscope-pinned");
        // Each variant's flags for the JVM under test, given the snapshot file of its run.
        Map<String, Function<Path, List<String>>> variants = new LinkedHashMap<>();
        Path control = doNothingAgent(work);
        // What the method itself reads when nothing differs: the bias and spread of a pair.
        variants.put("null pair: no agent on either side", out -> List.of());
        variants.put("control: a do-nothing agent, bloatscope's manifest capabilities", out -> List.of("-javaagent:" + control));
        for (String options : List.of("", ",heapSites=on", ",nativeSites=on", ",heapSites=on,nativeSites=on")) {
            variants.put(options.isEmpty() ? "bloatscope, defaults" : "bloatscope, " + options.substring(1),
                    out -> List.of("-javaagent:" + JAR.toAbsolutePath() + "=out=" + out + options));
        }
        // -Dvariants=capabilities;defaults;nativeSites=on keeps the rows whose names end so
        String only = System.getProperty("variants");
        if (only != null) {
            variants.keySet().removeIf(name -> java.util.Arrays.stream(only.split(";")).noneMatch(name::endsWith));
        }
        // -Dextra='label=flags;label=flags': more rows, each with its own flags for the JVM under
        // test (space-separated, {out} stands for its snapshot file), e.g. another build's jar.
        for (String extra : System.getProperty("extra", "").split(";")) {
            int eq = extra.indexOf('=');
            if (eq > 0) {
                List<String> flags = List.of(extra.substring(eq + 1).trim().split("\\s+"));
                variants.put(extra.substring(0, eq), out -> flags.stream().map(f -> f.replace("{out}", out.toString())).toList());
            }
        }
        System.out.printf(Locale.ROOT, "java %s %s, %d pairs a variant of %s requests after %s, CPUs swapped every %d ms;"
                + " output under %s%n", System.getProperty("java.version"), JVM_FLAGS, pairs, requests, WARMUP, SWAP_MILLIS, work);
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> toolShares = new LinkedHashMap<>();
        Map<String, List<Double>> gcRatios = new LinkedHashMap<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (Map.Entry<String, Function<Path, List<String>>> variant : variants.entrySet()) {
                int agentCpu = pair % 2;
                Path out = work.resolve("pair-" + pair + "-" + ratios.size() + ".jsonl");
                List<String> flags = variant.getValue().apply(out);
                Process with;
                Process without;
                // Which JVM starts first (a few milliseconds apart) alternates too, every other pair.
                if ((pair / 2) % 2 == 1) {
                    with = start(agentCpu, flags, requests);
                    without = start(1 - agentCpu, List.of(), requests);
                } else {
                    without = start(1 - agentCpu, List.of(), requests);
                    with = start(agentCpu, flags, requests);
                }
                long[] base;
                long[] measured;
                try (CpuSwapper swapper = SWAP_MILLIS > 0 ? new CpuSwapper(without, with, 1 - agentCpu, SWAP_MILLIS) : null) {
                    base = cpu(without);
                    measured = cpu(with);
                }
                double ratio = (double) measured[0] / base[0];
                ratios.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(ratio);
                toolShares.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(100.0 * measured[1] / measured[0]);
                gcRatios.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add((double) measured[2] / base[2]);
                System.out.printf(Locale.ROOT, "  pair %d %-64s no agent %6.0f ms (GC %4.0f), with %6.0f ms (GC %4.0f): %.3f%n",
                        pair, variant.getKey(), base[0] / 1e6, base[2] / 1e6, measured[0] / 1e6, measured[2] / 1e6, ratio);
            }
        }
        System.out.printf(Locale.ROOT, "%norders, pinned concurrent pairs, one request thread each, JDK %s%n%n",
                System.getProperty("java.version"));
        System.out.println("| variant | ratio to no agent, median (range) | mean ± standard error | agent's own threads | GC threads' ratio, median |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<Double>> variant : ratios.entrySet()) {
            List<Double> r = variant.getValue();
            double mean = r.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double variance = r.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, r.size() - 1);
            System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f–%.3f) | %.3f ± %.3f | %.1f %% | %.3f |%n", variant.getKey(),
                    Median.of(r), Collections.min(r), Collections.max(r), mean, Math.sqrt(variance / r.size()),
                    Median.of(toolShares.get(variant.getKey())), Median.of(gcRatios.get(variant.getKey())));
        }
    }

    /**
     * The control: an agent jar whose premain does nothing, with the manifest capabilities of
     * bloatscope's (which change what HotSpot must keep ready for redefinition), built here.
     */
    private static Path doNothingAgent(Path work) throws IOException {
        Path source = work.resolve("src").resolve("DoNothingAgent.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "public final class DoNothingAgent {\n"
                + "    public static void premain(String options, java.lang.instrument.Instrumentation instrumentation) {\n"
                + "    }\n}\n");
        Path classes = work.resolve("classes");
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        if (exit != 0) {
            throw new IllegalStateException("javac failed on " + source);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "DoNothingAgent");
        manifest.getMainAttributes().putValue("Can-Redefine-Classes", "true");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = work.resolve("do-nothing-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("DoNothingAgent.class"));
            out.write(Files.readAllBytes(classes.resolve("DoNothingAgent.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static Process start(int cpu, List<String> flags, String requests) throws Exception {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx512m",
                "-XX:ActiveProcessorCount=1", "-XX:-UseDynamicNumberOfCompilerThreads"));
        command.addAll(JVM_FLAGS);
        command.addAll(flags);
        command.addAll(List.of("-cp", APPS.resolve("test-apps.jar") + java.io.File.pathSeparator + APPS.resolve("lib").resolve("*"),
                "io.bloatscope.testapps.OrderService", "--threads", "1", "--warmup", WARMUP, "--requests", requests));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The measured phase's CPU without the JIT's, the agent's threads' part of it, and the GC's part, in ns. */
    private static long[] cpu(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher line = CPU_LINE.matcher(output);
        if (process.waitFor() != 0 || !line.find()) {
            throw new IllegalStateException("run failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new long[] {Long.parseLong(line.group(1)) - Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                Long.parseLong(line.group(4))};
    }
}
