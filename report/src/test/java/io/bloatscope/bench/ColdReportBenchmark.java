package io.bloatscope.bench;

import io.bloatscope.agent.history.History;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report} as a user runs it: a whole fresh {@code java -Xmx512m -jar bloatscope.jar report}
 * process, timed from its start to its exit, on a week at 1 s written two ways from the same lines:
 * whole (schema 1, {@link ReportBenchmark}'s generator, 605,000 snapshots) and through the agent's
 * history writer with its defaults ({@code history=1h}, 100 MB × 5). The runs alternate between the
 * two files (and between JSON and HTML) so that a change of load on a shared machine hits both alike;
 * it prints each run, then per file and format the median and range, and the first verdict of each.
 * <pre>java -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.ColdReportBenchmark [jdk 17|25] [runs] [snapshots]</pre>
 * Both files are generated once under java.io.tmpdir and reused.
 */
public final class ColdReportBenchmark {
    private static final Pattern TIME = Pattern.compile("\"timeMillis\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String jdk = args.length > 0 ? args[0] : "17";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int snapshots = args.length > 2 ? Integer.parseInt(args[2]) : 605_000;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path whole = tmp.resolve("bloatscope-week-jdk" + jdk + "-" + snapshots + ".jsonl");
        if (!Files.isRegularFile(whole)) {
            ReportBenchmark.generate(whole, jdk, snapshots);
        }
        Path tieredDir = Files.createDirectories(tmp.resolve("bloatscope-week-tiered-jdk" + jdk + "-" + snapshots));
        Path tiered = tieredDir.resolve("week.jsonl");
        if (!Files.isRegularFile(tiered)) {
            writeTiered(whole, tiered);
        }
        Path jar = Path.of(System.getProperty("bloatscope.jar", "target/bloatscope.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf(Locale.ROOT, "whole: %.2f GB; tiered: %.1f MB in %d files; %s%n", Files.size(whole) / 1e9,
                bytesIn(tieredDir) / 1e6, filesIn(tieredDir), java);

        String[][] cases = {{"whole", "json"}, {"tiered", "json"}, {"whole", "html"}, {"tiered", "html"}};
        List<List<Double>> seconds = new ArrayList<>();
        String[] firstVerdicts = new String[cases.length];
        for (int i = 0; i < cases.length; i++) {
            seconds.add(new ArrayList<>());
        }
        for (int r = 0; r < runs; r++) {
            for (int c = 0; c < cases.length; c++) {
                Path file = cases[c][0].equals("whole") ? whole : tiered;
                Path output = tmp.resolve("bloatscope-cold-report." + cases[c][1]);
                long start = System.nanoTime();
                Process p = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "report", file.toString(),
                        "-o", output.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("cold.log").toFile())
                        .start();
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(cases[c][0] + " " + cases[c][1] + " failed: "
                            + Files.readString(tmp.resolve("cold.log")));
                }
                double s = (System.nanoTime() - start) / 1e9;
                seconds.get(c).add(s);
                if (cases[c][1].equals("json")) {
                    Matcher kind = Pattern.compile("\"kind\": ?\"(\\w+)\"").matcher(Files.readString(output));
                    firstVerdicts[c] = kind.find() ? kind.group(1) : "none";
                }
                System.out.printf(Locale.ROOT, "run %d %s %s: %.2f s%n", r + 1, cases[c][0], cases[c][1], s);
            }
        }
        for (int c = 0; c < cases.length; c++) {
            List<Double> sorted = new ArrayList<>(seconds.get(c));
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "%s %s: median %.2f s, range %.2f-%.2f s over %d runs%s%n", cases[c][0],
                    cases[c][1], sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs,
                    firstVerdicts[c] == null ? "" : ", first verdict " + firstVerdicts[c]);
        }
    }

    /** The whole file's lines through the agent's writer, as the agent would have written them with history=1h. */
    static void writeTiered(Path whole, Path tiered) throws IOException {
        long maxSizeBytes = 100L << 20;
        String header;
        try (BufferedReader in = Files.newBufferedReader(whole, StandardCharsets.UTF_8)) {
            header = in.readLine();
            SnapshotFile exact = new SnapshotFile(tiered, History.exactPartBytes(maxSizeBytes), 5, part -> header, false);
            History history = History.open(tiered, 3_600_000L, 1_000L, maxSizeBytes, 5, part -> header, false);
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher time = TIME.matcher(line);
                    if (!time.find()) {
                        continue;
                    }
                    exact.writeLine(line);
                    history.afterSnapshot(line, Long.parseLong(time.group(1)), exact);
                }
            } finally {
                history.close();
                exact.close();
            }
        }
    }

    private static long bytesIn(Path dir) throws IOException {
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                total += Files.size(p);
            }
        }
        return total;
    }

    private static long filesIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
