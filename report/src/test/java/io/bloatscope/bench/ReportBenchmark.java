package io.bloatscope.bench;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.report.model.Diagnosis;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report engine on a synthetic week at 1 s: 605,000 snapshots generated from a real snapshot
 * line of the SteadyState app (report/src/test/resources/bench/jdk{17,25}-snapshot.json, captured
 * with NMT summary; JDK 25's line carries malloc_info with its free-chunk histogram). As with the
 * agent's defaults, smaps is in one line a minute; time, RSS and heap usage vary from line to line
 * (a daily wave plus a slow drift) so nothing is constant-folded. Times {@link Diagnoser#diagnose}
 * (read + ledger + detectors) over N runs and prints each and the median, the read rate, and the
 * peak heap used. Target: ≤ 3 s wall and ≤ 512 MB heap on 2 cores, so run it with -Xmx512m:
 * <pre>java -Xmx512m -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.ReportBenchmark [jdk 17|25] [runs] [snapshots]</pre>
 * The file is generated once under java.io.tmpdir and reused.
 */
public final class ReportBenchmark {
    public static void main(String[] args) throws Exception {
        String jdk = args.length > 0 ? args[0] : "17";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int snapshots = args.length > 2 ? Integer.parseInt(args[2]) : 605_000;
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "bloatscope-week-jdk" + jdk + "-" + snapshots + ".jsonl");
        if (!Files.isRegularFile(file)) {
            long start = System.nanoTime();
            generate(file, jdk, snapshots);
            System.out.printf(Locale.ROOT, "generated %s in %.1f s%n", file, (System.nanoTime() - start) / 1e9);
        }
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "file: %,d snapshots, %.2f GB, %d bytes per line; %d processors, max heap %d MB%n",
                snapshots, bytes / 1e9, bytes / snapshots, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            System.gc();
            resetPeaks();
            long startCpu = processCpuNanos();
            long start = System.nanoTime();
            Diagnosis d = Diagnoser.diagnose(file);
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - startCpu) / 1e9;
            seconds.add(s);
            cpuSeconds.add(cpu);
            System.out.printf(Locale.ROOT, "run %d: %.2f s (%.2f GB/s), CPU %.2f s, peak heap used %d MB, %s %.2f, "
                    + "%d ledger points%n", r + 1, s, bytes / 1e9 / s, cpu, peakHeapBytes() >> 20,
                    d.verdicts.get(0).kind, d.verdicts.get(0).confidence, d.ledger.size());
        }
        Collections.sort(seconds);
        Collections.sort(cpuSeconds);
        double median = seconds.get(seconds.size() / 2);
        System.out.printf(Locale.ROOT, "median %.2f s over %d runs (%.2f GB/s), CPU %.2f s; target 3 s%n", median, runs,
                bytes / 1e9 / median, cpuSeconds.get(cpuSeconds.size() / 2));
    }

    /**
     * The JVM's CPU time, all threads (GC and JIT included): less sensitive than wall time to other
     * work on a shared machine, though time the host takes from the guest still counts.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound on the peak heap in use at once. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportBenchmark.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /bench/" + name + " (run from report/target/test-classes)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    /** A line split around the numbers that change per snapshot. */
    private static final class Template {
        private static final String[] VARYING = {"seq", "timeMillis", "uptimeMillis", "vmRssBytes", "rssAnonBytes"};
        final List<byte[]> pieces = new ArrayList<>();

        Template(String line) {
            int at = 0;
            for (String key : VARYING) {
                Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(line);
                if (!m.find(at)) {
                    throw new IllegalStateException("template lacks " + key);
                }
                pieces.add(line.substring(at, m.start(1)).getBytes(StandardCharsets.UTF_8));
                at = m.end(1);
            }
            pieces.add((line.substring(at) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void write(OutputStream out, long... values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                out.write(pieces.get(i));
                out.write(Long.toString(values[i]).getBytes(StandardCharsets.US_ASCII));
            }
            out.write(pieces.get(values.length));
        }
    }

    static void generate(Path file, String jdk, int snapshots) throws IOException {
        String header = resource("jdk" + jdk + "-header.json");
        String withSmaps = resource("jdk" + jdk + "-snapshot.json");
        String withoutSmaps = withSmaps.replaceFirst(",\"smaps\":\\{[^}]*\\}", "");
        Template minute = new Template(withSmaps);
        Template second = new Template(withoutSmaps);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long startMillis = 1_700_000_000_000L;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < snapshots; i++) {
                double wave = Math.sin(i * 2 * Math.PI / 86_400);
                long rss = 300_000_000L + (long) (40_000_000 * wave) + (i % 97) * 4096L;
                (i % 60 == 0 ? minute : second).write(out, i, startMillis + i * 1000L, 60_000L + i * 1000L, rss,
                        rss - 25_000_000L);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
