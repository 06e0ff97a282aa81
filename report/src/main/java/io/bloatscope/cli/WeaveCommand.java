package io.bloatscope.cli;

import io.bloatscope.agent.core.AgentOptions;
import io.bloatscope.agent.core.OptionError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code weave [weaveCache=<dir>][,nativeSites=<kinds>]}: fills a weave cache ahead of time, e.g.
 * while a container image is built, so that the application's first start with native sites
 * already finds its JDK classes woven and never runs ByteBuddy. Starts a short JVM of the JDK this
 * command runs on, under this jar as agent with those options ({@link WeaveTarget}), and reports
 * what the agent wove. The classes' bytes, and so the cache's keys, depend on the JDK build and on
 * whether the JDK's classes come from the CDS archive: run it with the JDK the application runs
 * on, and after {@code --} the application's flags that change that ({@code -Xshare:off},
 * {@code -XX:SharedArchiveFile=...}).
 */
final class WeaveCommand implements Command {
    private static final long TIMEOUT_SECONDS = 120;
    static final CommandSpec SPEC = new CommandSpec("weave", "[weaveCache=<dir>|auto][,nativeSites=on|<kinds>]", 0, 1, true,
            String.join("\n",
                    "Fills the weave cache for native sites now (e.g. in an image build), so the application's first",
                    "start finds its JDK classes woven. Run it with the application's JDK and, after --, the",
                    "application's flags that change class bytes (-Xshare:off, -XX:SharedArchiveFile=...)."),
            List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError {
        // JVM flags after "--" (say -Xshare:off): the class bytes HotSpot hands over, so the keys,
        // depend on whether a class came from the CDS archive.
        List<String> jvmFlags = line.passedThrough;
        String weaveCache = "auto";
        String nativeSites = "on";
        for (String pair : (line.positional(0) == null ? "" : line.positional(0)).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq > 0 ? pair.substring(0, eq).trim() : pair.trim();
            String value = eq > 0 ? pair.substring(eq + 1).trim() : "";
            if (key.equals("weaveCache")) {
                weaveCache = value;
            } else if (key.equals("nativeSites")) {
                nativeSites = value;
            } else {
                throw new UsageError("weave: unknown agent option '" + pair.trim()
                        + "' (weave takes the options weaveCache and nativeSites; see weave --help)");
            }
        }
        if (weaveCache.equals("off") || nativeSites.equals("off")) {
            throw new UsageError("weave: weaveCache=off or nativeSites=off leaves nothing to weave (weaveCache takes a"
                    + " directory or auto, nativeSites on or kinds)");
        }
        String options = "nativeSites=" + nativeSites + ",weaveCache=" + weaveCache;
        try {
            AgentOptions.parse(options);
        } catch (OptionError e) {
            throw new UsageError(e.getMessage());
        }
        Path jar = OwnJar.path("weave");
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("bloatscope-weave-");
            Path snapshots = scratch.resolve("weave.jsonl");
            String agentLog = weaveWithAgent(jar, jvmFlags, snapshots, options);
            String woven = agentLog.lines().filter(l -> l.contains("native sites on for")).findFirst().orElse(null);
            if (woven == null) {
                throw new UsageError("the agent did not weave; its messages: " + oneLine(agentLog));
            }
            String outcome = tally(woven.substring(woven.indexOf("native sites on for")), agentLog);
            if (outcome.contains("(no weave cache)")) {
                String refusal = agentLog.lines().filter(l -> l.contains("weave cache") && l.contains("not used"))
                        .findFirst().orElse(outcome);
                String reason = refusal.replaceFirst("^\\[bloatscope\\] [A-Z]+ ", "").replaceFirst("; native site advice.*$", "");
                throw new UsageError(reason + "; the directory must be yours and writable by you only (chmod 700)");
            }
            out.println(outcome);
            return Main.OK;
        } catch (IOException e) {
            throw new UsageError("cannot run the weaving JVM (" + e.getMessage() + ")");
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * The install line with its class counts over the whole run: the agent installs in premain,
     * before {@link WeaveTarget} loads the targets a bare JVM has not loaded, which are woven (or
     * read from the cache) as they load and logged one by one at debug level.
     */
    static String tally(String installLine, String agentLog) {
        java.util.Set<String> fromCache = new java.util.TreeSet<>();
        java.util.Set<String> byByteBuddy = new java.util.TreeSet<>();
        java.util.regex.Matcher each = java.util.regex.Pattern
                .compile("native site advice for (\\S+) (read from|woven by ByteBuddy)").matcher(agentLog);
        while (each.find()) {
            (each.group(2).equals("read from") ? fromCache : byByteBuddy).add(each.group(1));
        }
        int classes = installLine.indexOf("; JDK classes: ");
        int cache = installLine.indexOf(" (", classes);
        int end = installLine.indexOf(')', cache);
        if (classes < 0 || cache < 0 || end < 0) {
            return installLine;
        }
        return installLine.substring(0, classes) + "; JDK classes: " + fromCache.size() + " from the weave cache, "
                + byByteBuddy.size() + " woven by ByteBuddy" + installLine.substring(cache, end + 1);
    }

    /** Runs {@link WeaveTarget} under the agent; returns what the agent printed. */
    private static String weaveWithAgent(Path jar, List<String> jvmFlags, Path snapshots, String options)
            throws IOException, UsageError {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-javaagent:" + jar + "=out=" + snapshots + ",interval=100ms,nmt=off,smaps=off,"
                // debug: the agent announces the default kinds' install only at that level
                + "mallocInfo=off," + options + ",log=debug",
                "-cp", jar.toString(), WeaveTarget.class.getName(), snapshots.toString()));
        // The agent's messages go to a file, so a JVM that hangs cannot block this one on a full pipe.
        Path agentLog = snapshots.resolveSibling("agent.log");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(agentLog.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new UsageError("the weaving JVM did not end within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UsageError("interrupted while weaving");
        }
        String log = Files.readString(agentLog, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new UsageError("the weaving JVM failed (exit " + process.exitValue() + "): " + oneLine(log));
        }
        return log;
    }

    /** The JVM's and agent's messages as one line, for the CLI's one-line errors. */
    private static String oneLine(String log) {
        return log.strip().isEmpty() ? "(none)" : String.join(" | ", log.strip().split("\\R+"));
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary directory of a few KB; the OS cleans it
        }
    }
}
