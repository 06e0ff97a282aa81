package io.bloatscope.bench;

import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.format.Json;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prints the accuracy table of docs/verdicts.md: for each recorded run (a test app on a JDK with
 * given options), the first verdict and its confidence on the whole run, and the time to verdict:
 * the shortest prefix of the run (in steps of a second of uptime) whose first verdict is already the
 * whole run's kind.
 *
 * <p>Run: {@code java -cp target/bloatscope.jar:report/target/test-classes
 * io.bloatscope.bench.AccuracyTable report/src/test/resources/runs}
 */
public final class AccuracyTable {
    private AccuracyTable() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "report/src/test/resources/runs");
        Path scratch = Files.createTempDirectory("accuracy-");
        System.out.println("| run | JDK | agent options | JVM flags | verdict | confidence | time to verdict |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<Path> runs;
        try (Stream<Path> files = Files.list(dir)) {
            runs = files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path run : runs) {
            List<String> lines = Files.readAllLines(run, StandardCharsets.UTF_8);
            Map<String, Object> header = Json.parseObject(lines.get(0));
            Verdict whole = Diagnoser.diagnose(run).verdicts.get(0);
            String time = timeToVerdict(lines, whole, scratch.resolve(run.getFileName()));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %s |%n",
                    run.getFileName().toString().replace(".jsonl", ""), feature(header), options(header),
                    flags(header), whole.kind, whole.confidence, time);
        }
    }

    private static String timeToVerdict(List<String> lines, Verdict whole, Path prefix) throws IOException {
        long start = -1;
        long lastSecond = -1;
        for (int i = 1; i < lines.size(); i++) {
            long uptime = uptime(lines.get(i));
            if (uptime < 0) {
                continue;
            }
            if (start < 0) {
                start = uptime;
            }
            long second = (uptime - start) / 1000;
            if (second == lastSecond || second < 2) {
                continue;
            }
            lastSecond = second;
            Files.write(prefix, lines.subList(0, i + 1), StandardCharsets.UTF_8);
            Diagnosis d = Diagnoser.diagnose(prefix);
            if (d.verdicts.get(0).kind == whole.kind) {
                return second + " s";
            }
        }
        return "whole run";
    }

    private static long uptime(String line) {
        try {
            Map<String, Object> snapshot = Json.parseObject(line);
            Object value = snapshot.get("uptimeMillis");
            return "snapshot".equals(snapshot.get("type")) && value instanceof Number ? ((Number) value).longValue() : -1;
        } catch (RuntimeException notJson) {
            return -1;
        }
    }

    private static Object feature(Map<String, Object> header) {
        Object jvm = header.get("jvm");
        return jvm instanceof Map ? ((Map<?, ?>) jvm).get("feature") : "?";
    }

    /** The options the run set beyond out, interval and the defaults' spelling. */
    private static String options(Map<String, Object> header) {
        List<String> set = new ArrayList<>();
        Object args = header.get("inputArguments");
        if (args instanceof List) {
            for (Object arg : (List<?>) args) {
                String text = String.valueOf(arg);
                if (text.startsWith("-javaagent:")) {
                    for (String option : text.substring(text.indexOf('=') + 1).split(",")) {
                        if (!option.startsWith("out=")) {
                            set.add(option);
                        }
                    }
                }
            }
        }
        return set.isEmpty() ? "defaults" : String.join(",", set);
    }

    private static String flags(Map<String, Object> header) {
        List<String> flags = new ArrayList<>();
        Object args = header.get("inputArguments");
        if (args instanceof List) {
            for (Object arg : (List<?>) args) {
                String text = String.valueOf(arg);
                if (!text.startsWith("-javaagent:") && !text.startsWith("-XX:NativeMemoryTracking")) {
                    flags.add(text.replace("|", "\\|"));
                }
            }
        }
        return flags.isEmpty() ? "" : "`" + String.join(" ", flags) + "`";
    }
}
