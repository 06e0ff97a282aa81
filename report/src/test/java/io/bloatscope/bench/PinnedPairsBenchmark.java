package io.bloatscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <pre>java [-Dvariants=side;capabilities;defaults;heapSites=on,nativeSites=on;every 15 s;every 1 s] [-Dwarmup=60000] [-Djvm=-Xbatch]
 *      [-Dswap=200] [-Dextra='label=flags;label=flags'] -cp target/bloatscope.jar:report/target/test-classes
 *      io.bloatscope.bench.PinnedPairsBenchmark [pairs] [requests]</pre>
 *
 * <p>{@code -Dswap=0} keeps each JVM on one CPU (the method before). {@code -Dextra} adds rows with
 * their own flags for the JVM under test, {@code {out}} standing for its snapshot file, e.g.
 * {@code -Dextra='other build=-javaagent:/tmp/other.jar=out={out}'} to compare two builds.
 *
 * <p>Two rows serve live metrics ({@code metrics=127.0.0.1:0}, defaults otherwise) and are scraped
 * by this benchmark, as Prometheus would, every 15 s and every 1 s (a worst case). Run them with
 * 160,000 requests, a measured phase of about 14 s here, so that 15 s scrapes land in it at all
 * (one or two); 40,000 last 3–5 s. The port is taken from the agent's
 * {@code serving metrics on ...} line; scraping starts there and goes on to the end of the run. The
 * scraper runs in this JVM, unpinned, so the target pays only for serving. The line after the table
 * gives, per scraped row, the scrapes answered in the measured phase (from the app's
 * {@code MEASURING} line to its exit) and the live verdicts run by the end. The endpoint off is the
 * defaults row: without {@code metrics} the agent loads none of the metrics classes.
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
    private static final Pattern SERVING = Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern EVALUATIONS = Pattern.compile("(?m)^bloatscope_verdict_evaluations_total(?:\\{[^}]*\\})? (\\S+)");
    /** Prometheus's own {@code Accept} header, so the scrape gets OpenMetrics as Prometheus's does. */
    private static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        // Live metrics served and scraped from here: what serving costs the target.
        Map<String, Long> scrapeMillis = new HashMap<>();
        for (long seconds : List.of(15L, 1L)) {
            String name = "bloatscope, defaults + metrics=127.0.0.1:0, scraped every " + seconds + " s";
            variants.put(name, out -> List.of("-javaagent:" + JAR.toAbsolutePath() + "=out=" + out + ",metrics=127.0.0.1:0"));
            scrapeMillis.put(name, seconds * 1000);
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
        Map<String, List<Double>> scrapesMeasured = new LinkedHashMap<>();
        Map<String, List<Double>> phaseSeconds = new LinkedHashMap<>();
        Map<String, List<Double>> evaluations = new LinkedHashMap<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (Map.Entry<String, Function<Path, List<String>>> variant : variants.entrySet()) {
                int agentCpu = pair % 2;
                Path out = work.resolve("pair-" + pair + "-" + ratios.size() + ".jsonl");
                List<String> flags = variant.getValue().apply(out);
                long scrape = scrapeMillis.getOrDefault(variant.getKey(), 0L);
                Run with;
                Run without;
                // Which JVM starts first (a few milliseconds apart) alternates too, every other pair.
                if ((pair / 2) % 2 == 1) {
                    with = new Run(start(agentCpu, flags, requests), scrape);
                    without = new Run(start(1 - agentCpu, List.of(), requests), 0);
                } else {
                    without = new Run(start(1 - agentCpu, List.of(), requests), 0);
                    with = new Run(start(agentCpu, flags, requests), scrape);
                }
                long[] base;
                long[] measured;
                try (CpuSwapper swapper = SWAP_MILLIS > 0 ? new CpuSwapper(without.process, with.process, 1 - agentCpu, SWAP_MILLIS)
                        : null) {
                    base = without.cpu();
                    measured = with.cpu();
                }
                String scraped = "";
                if (scrape > 0) {
                    scrapesMeasured.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add((double) with.scrapesInPhase());
                    phaseSeconds.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(with.phaseNanos() / 1e9);
                    evaluations.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(with.lastEvaluations);
                    scraped = String.format(Locale.ROOT, "; scrapes %d (%d answered 200, %d in the %.0f s measured phase),"
                            + " live verdicts %.0f", with.scrapes.size(), with.answered(), with.scrapesInPhase(),
                            with.phaseNanos() / 1e9, with.lastEvaluations);
                }
                double ratio = (double) measured[0] / base[0];
                ratios.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(ratio);
                toolShares.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(100.0 * measured[1] / measured[0]);
                gcRatios.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add((double) measured[2] / base[2]);
                System.out.printf(Locale.ROOT, "  pair %d %-64s no agent %6.0f ms (GC %4.0f), with %6.0f ms (GC %4.0f): %.3f%s%n",
                        pair, variant.getKey(), base[0] / 1e6, base[2] / 1e6, measured[0] / 1e6, measured[2] / 1e6, ratio,
                        scraped);
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
        for (Map.Entry<String, List<Double>> variant : scrapesMeasured.entrySet()) {
            List<Double> scrapes = variant.getValue();
            System.out.printf(Locale.ROOT, "%n%s: scrapes answered in the measured phase, median %.0f (%.0f–%.0f); measured phase"
                    + " %.1f s (median); live verdicts run by the end, median %.0f", variant.getKey(), Median.of(scrapes),
                    Collections.min(scrapes), Collections.max(scrapes), Median.of(phaseSeconds.get(variant.getKey())),
                    Median.of(evaluations.get(variant.getKey())));
        }
        System.out.println();
    }

    /**
     * One JVM's run: its output read as it comes (the agent's metrics port, the {@code MEASURING}
     * line, the CPU line) and, for a scraped row, its {@code /metrics} fetched every
     * {@code scrapeMillis} from the moment the port is logged to the end of the run.
     */
    private static final class Run {
        final Process process;
        final StringBuffer output = new StringBuffer();
        final List<long[]> scrapes = Collections.synchronizedList(new ArrayList<>()); // {nanoTime, status}
        final Thread reader;
        volatile long measuringNanos = -1;
        volatile long endNanos = -1;
        volatile double lastEvaluations = Double.NaN;
        private ScheduledExecutorService scraper;

        Run(Process process, long scrapeMillis) {
            this.process = process;
            reader = new Thread(() -> read(scrapeMillis), "output of " + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read(long scrapeMillis) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.equals("MEASURING")) {
                        measuringNanos = System.nanoTime();
                    }
                    Matcher serving = SERVING.matcher(line);
                    if (scrapeMillis > 0 && scraper == null && serving.find()) {
                        URI uri = URI.create("http://127.0.0.1:" + serving.group(1) + "/metrics");
                        scraper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                            Thread thread = new Thread(runnable, "scraper of " + process.pid());
                            thread.setDaemon(true);
                            return thread;
                        });
                        scraper.scheduleAtFixedRate(() -> scrape(uri), scrapeMillis, scrapeMillis, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(")\n");
            } finally {
                endNanos = System.nanoTime();
                if (scraper != null) {
                    scraper.shutdownNow();
                }
            }
        }

        private void scrape(URI uri) {
            long at = System.nanoTime();
            int status;
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Accept", ACCEPT)
                        .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                Matcher evaluated = EVALUATIONS.matcher(response.body());
                if (status == 200 && evaluated.find()) {
                    lastEvaluations = Double.parseDouble(evaluated.group(1));
                }
            } catch (IOException e) {
                status = -1; // the run ended under the scrape, or the endpoint failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            scrapes.add(new long[] {at, status});
        }

        long answered() {
            synchronized (scrapes) {
                return scrapes.stream().filter(s -> s[1] == 200).count();
            }
        }

        long scrapesInPhase() {
            synchronized (scrapes) {
                return scrapes.stream().filter(s -> s[1] == 200 && measuringNanos >= 0 && s[0] >= measuringNanos).count();
            }
        }

        long phaseNanos() {
            return measuringNanos < 0 ? 0 : endNanos - measuringNanos;
        }

        /** The measured phase's CPU without the JIT's, the agent's threads' part of it, and the GC's part, in ns. */
        long[] cpu() throws Exception {
            int exit = process.waitFor();
            reader.join();
            Matcher line = CPU_LINE.matcher(output);
            if (exit != 0 || !line.find()) {
                throw new IllegalStateException("run failed (exit " + exit + "):\n" + output);
            }
            return new long[] {Long.parseLong(line.group(1)) - Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                    Long.parseLong(line.group(4))};
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
}
