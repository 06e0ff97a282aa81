package io.bloatscope.bench;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
 * What bloatscope costs the order service, measured inside one warmed-up JVM, so that what
 * varies between JVMs (how the JIT compiled the service: identical runs in separate JVMs differ by
 * ±10 % and more, far above the costs in question) cancels out of every ratio.
 *
 * <p>Each JVM runs {@code OrderService --phases}: after 60 000 warm-up requests it serves measured
 * phases of {@code requests} requests, each after 10 000 unmeasured ones (so the JIT has recompiled
 * what an attach or a stop invalidated). Before each phase the benchmark puts the agent in one of
 * states with the real CLI, {@code attach <pid> …} or {@code attach <pid> stop}: no agent;
 * bloatscope with defaults; bloatscope with {@code heapSites=on,nativeSites=on} in its first minute,
 * while JFR's old-object sampler runs (the survivor window is open); and the same once the agent's
 * snapshots say the window has closed, as it is three minutes in four (the benchmark serves
 * unmeasured requests until then). A round runs them in an order rotated each round; a variant's ratio in a round is its CPU over the no-agent
 * phase of the same round (an interleaved pair), and the table gives the median over all rounds of
 * all JVMs with the range. CPU is the process's during the phase without the JIT compiler
 * threads' (as in {@link PeerBenchmark}); the tools' own threads are also given exactly.
 *
 * <p>"No agent" is a JVM that has never seen the agent only in its first phase; later ones follow
 * a {@code stop}, which takes the advice out of the JDK classes and closes the JFR recording, but
 * leaves JFR's own idle threads and the agent's loaded classes behind. The first phase's ratio to
 * the later no-agent phases is printed as a check on that.
 *
 * <p>Usage, after {@code mvn -B -DskipTests package}:
 * <pre>java -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.AttachPhasesBenchmark [jvms] [rounds] [requests]</pre>
 */
public final class AttachPhasesBenchmark {
    private static final Path JAR = Path.of("target/bloatscope.jar");
    private static final Path APPS = Path.of("test-apps/target");
    private static final Pattern PHASE_LINE = Pattern.compile(
            "PHASE (\\S+) CPU work=(\\d+) jit=(\\d+) tool=(\\d+) total=\\d+ checksum=\\d+ gc=(\\d+)");
    private static final List<String> ALL_VARIANTS = List.of("none", "defaults", "sites", "sites-closed");
    private static final Map<String, String> DESCRIPTIONS = Map.of("none", "no agent",
            "defaults", "bloatscope, defaults", "sites", "bloatscope, all sites, survivor window open",
            "sites-closed", "bloatscope, all sites, survivor window closed");
    /** {@code -Dvariants=none,sites} measures a subset ({@code none} is always measured). */
    private static final List<String> VARIANTS = variants(System.getProperty("variants", String.join(",", ALL_VARIANTS)));

    private record Phase(long workNanos, long jitNanos, long toolNanos, long gcNanos) {
        long appNanos() {
            return workNanos - jitNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        int jvms = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String requests = args.length > 2 ? args[2] : "30000";
        Path work = Files.createTempDirectory("bloatscope-phases");
        System.out.printf(Locale.ROOT, "java %s, %d cores, %d JVMs x %d rounds of %s requests; output under %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), jvms, rounds,
                requests, work);
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> jitRatios = new LinkedHashMap<>();
        Map<String, List<Double>> toolShares = new LinkedHashMap<>();
        Map<String, List<Double>> appMillis = new LinkedHashMap<>();
        VARIANTS.forEach(v -> {
            ratios.put(v, new ArrayList<>());
            jitRatios.put(v, new ArrayList<>());
            toolShares.put(v, new ArrayList<>());
            appMillis.put(v, new ArrayList<>());
        });
        List<Double> firstToLaterNone = new ArrayList<>();
        for (int jvm = 0; jvm < jvms; jvm++) {
            List<Map<String, Phase>> measured = runJvm(jvm, rounds, requests, work);
            Phase first = null;
            for (Map<String, Phase> round : measured) {
                Phase none = round.get("none");
                if (first == null) {
                    first = none;
                } else {
                    firstToLaterNone.add((double) first.appNanos() / none.appNanos());
                }
                for (String variant : VARIANTS) {
                    Phase phase = round.get(variant);
                    ratios.get(variant).add((double) phase.appNanos() / none.appNanos());
                    jitRatios.get(variant).add((double) phase.workNanos / none.workNanos);
                    toolShares.get(variant).add(100.0 * phase.toolNanos / phase.appNanos());
                    appMillis.get(variant).add(phase.appNanos() / 1e6);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%norders, %d JVMs x %d rounds, %s requests a phase, JDK %s%n%n", jvms, rounds,
                requests, System.getProperty("java.version"));
        System.out.println("| variant | CPU without JIT, median | ratio, median (range) | tool's own threads | ratio with JIT |");
        System.out.println("|---|---|---|---|---|");
        for (String variant : VARIANTS) {
            List<Double> r = ratios.get(variant);
            if (r.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.3f (%.3f–%.3f) | %.1f %% | %.3f |%n",
                    DESCRIPTIONS.get(variant), Median.of(appMillis.get(variant)), Median.of(r), Collections.min(r),
                    Collections.max(r), Median.of(toolShares.get(variant)), Median.of(jitRatios.get(variant)));
        }
        if (!firstToLaterNone.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nfirst no-agent phase (agent never attached) over later ones (after stop): "
                    + "median %.3f (%.3f–%.3f)%n", Median.of(firstToLaterNone), Collections.min(firstToLaterNone),
                    Collections.max(firstToLaterNone));
        }
    }

    /** One JVM: warm-up, then {@code rounds} rounds of the three variants; the phases by round. */
    private static List<Map<String, Phase>> runJvm(int jvm, int rounds, String requests, Path work) throws Exception {
        List<String> command = List.of(java(), "-Xms512m", "-Xmx512m", "-XX:-UseDynamicNumberOfCompilerThreads",
                "-cp", APPS.resolve("test-apps.jar") + java.io.File.pathSeparator + APPS.resolve("lib").resolve("*"),
                "io.bloatscope.testapps.OrderService", "--warmup", "60000", "--settle", "10000",
                "--requests", requests, "--phases", "1000000");
        Process app = new ProcessBuilder(command).redirectError(work.resolve("jvm-" + jvm + ".stderr").toFile()).start();
        List<Map<String, Phase>> measured = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            awaitLine(out, "READY");
            String state = "none";
            for (int round = 0; round < rounds; round++) {
                Map<String, Phase> phases = new LinkedHashMap<>();
                for (int i = 0; i < VARIANTS.size(); i++) {
                    String variant = VARIANTS.get((i + round) % VARIANTS.size());
                    Path snapshots = work.resolve("jvm-" + jvm + "-r" + round + "-" + variant + ".jsonl");
                    if (!variant.equals(state)) {
                        switchAgent(app.pid(), state, variant, snapshots);
                        state = variant;
                    }
                    if (variant.equals("sites-closed")) {
                        // Unmeasured requests until the agent reports the survivor window closed.
                        while (windowOpen(snapshots)) {
                            in.write("GO wait\n");
                            in.flush();
                            awaitLine(out, "PHASE wait");
                        }
                    }
                    in.write("GO " + variant + "\n");
                    in.flush();
                    Matcher line = PHASE_LINE.matcher(awaitLine(out, "PHASE " + variant));
                    if (!line.find()) {
                        throw new IllegalStateException("unreadable phase line");
                    }
                    Phase phase = new Phase(Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                            Long.parseLong(line.group(4)), Long.parseLong(line.group(5)));
                    phases.put(variant, phase);
                    System.out.printf(Locale.ROOT, "  jvm %d round %d %-40s CPU %6.0f ms (JIT %5.0f, GC %4.0f, tool %4.0f)%n",
                            jvm, round, DESCRIPTIONS.get(variant), phase.workNanos / 1e6, phase.jitNanos / 1e6,
                            phase.gcNanos / 1e6, phase.toolNanos / 1e6);
                }
                measured.add(phases);
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
        return measured;
    }

    /** Puts the agent of {@code pid} from one state into another with the CLI, as a user would. */
    private static void switchAgent(long pid, String from, String to, Path out) throws IOException, InterruptedException {
        if (!from.equals("none")) {
            cli("attach", Long.toString(pid), "stop");
        }
        if (to.equals("defaults")) {
            cli("attach", Long.toString(pid), "out=" + out.toAbsolutePath());
        } else if (to.startsWith("sites")) {
            cli("attach", Long.toString(pid), "out=" + out.toAbsolutePath() + ",heapSites=on,nativeSites=on");
        }
    }

    /** Whether the last snapshot written so far says the old-object sampler runs (true until one says not). */
    private static boolean windowOpen(Path snapshots) throws IOException {
        if (!Files.exists(snapshots)) {
            return true;
        }
        List<Map<String, Object>> all = SnapshotRun.read(snapshots).snapshots();
        return all.isEmpty() || !Boolean.FALSE.equals(Fields.get(all.get(all.size() - 1), "sites.heapSurvivorWindowOpen"));
    }

    private static void cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cli.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
        }
    }

    private static String awaitLine(BufferedReader out, String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the app ended before printing " + prefix);
    }

    private static List<String> variants(String names) {
        List<String> chosen = new ArrayList<>(List.of("none"));
        for (String name : names.split(",")) {
            if (!ALL_VARIANTS.contains(name.trim())) {
                throw new IllegalArgumentException("unknown variant '" + name + "': " + ALL_VARIANTS);
            }
            if (!chosen.contains(name.trim())) {
                chosen.add(name.trim());
            }
        }
        return List.copyOf(chosen);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
