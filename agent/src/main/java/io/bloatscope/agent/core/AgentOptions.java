package io.bloatscope.agent.core;

import io.bloatscope.format.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's configuration, parsed once from {@code key=value,key=value} into an immutable value.
 * The same string is accepted after {@code -javaagent:bloatscope.jar=} and after
 * {@code attach <pid>}. Every rejection names the option and what it accepts, in one line.
 */
public final class AgentOptions {
    static final String DEFAULT_OUT = "bloatscope-%p.jsonl";
    static final long MIN_INTERVAL_MILLIS = 100;
    static final String DEFAULT_HISTORY = "1h";
    /** The shortest exact window: its finest tier spans a sixtieth of it. */
    static final long MIN_HISTORY_MILLIS = 6_000;
    static final long DEFAULT_TRIM_INTERVAL_MILLIS = 10 * 60_000L;
    static final long DEFAULT_SMAPS_INTERVAL_MILLIS = 60_000L;
    /** A live-set request costs a full collection: never more often than this. */
    static final long MIN_LIVE_SET_INTERVAL_MILLIS = 1_000L;
    /** A live verdict runs the analysis engine in the target: never more often than this. */
    static final long MIN_LIVE_VERDICT_MILLIS = 10_000L;

    private static final String ACCEPTED_KEYS =
            "out, interval, maxSize, maxFiles, history, nmt, smaps, mallocInfo, allocatorStats, trim, liveSet, heapSites, "
            + "nativeSites, maxSites, siteSkip, allocThrottle, unsafeSampleBytes, weaveCache, metrics, liveVerdict, "
            + "memoryLimit, captureAt, log";
    /** The native instrumentations, in their canonical order; {@code nativeSites=on} means all. */
    static final List<String> NATIVE_KINDS = List.of("direct", "inflater", "zip", "threads", "mmap", "unsafe");
    /**
     * The instrumentations on by default, chosen by SitesBenchmark (docs/benchmarks.md): the APIs an
     * application calls a few times a second, whose advice cost nothing measurable on the order
     * service. Not {@code unsafe} (every malloc and free pays the bridge: 1.05–1.13× a storm) nor
     * {@code inflater}, which a service making a Deflater per response calls thousands of times a
     * second (1.5–2 % of its work CPU, over the 0.5 % the defaults may cost).
     */
    static final List<String> DEFAULT_NATIVE_KINDS = List.of("direct", "zip", "threads", "mmap");

    final String outPattern;
    final long intervalMillis;
    /** Rotate when a part would grow past this; 0 means one part that grows without limit. */
    final long maxSizeBytes;
    /** How many parts are kept, the current one included. */
    final int maxFiles;
    /**
     * The window of snapshots kept exact when older ones are kept in coarse tiers (docs/snapshot-format.md,
     * "History tiers"); 0 when {@code history=off}: parts rotate by size only, as in schema 1.
     */
    final long historyMillis;
    final boolean nmt;
    /** Least time between two reads of smaps; 0 means never read it. */
    final long smapsIntervalMillis;
    /**
     * The user did not choose a smaps cadence ({@code smaps} absent or {@code auto}): the agent may
     * read it more often while anonymous memory outside the heap grows. Any cadence written
     * explicitly, {@code on} included, is kept as written.
     */
    final boolean smapsAdaptive;
    final boolean mallocInfo;
    /**
     * Read the allocator's own statistics (jemalloc through the FFM API, JDK 22+): {@code auto} only
     * when the JVM granted native access already (no JDK warning can appear), {@code on}, {@code off}.
     */
    final String allocatorStats;
    /** Least time between two automatic trim probes; 0 means no automatic probe. */
    final long trimIntervalMillis;
    /** Request a full collection before the snapshot at JVM exit (tests and CI). */
    final boolean liveSetAtExit;
    /** Least time between two live-set collections during the run; 0 means only at exit or never. */
    final long liveSetIntervalMillis;
    final String logLevel;
    final boolean heapSites;
    /** The native instrumentations switched on, in {@link #NATIVE_KINDS} order; empty when off. */
    final List<String> nativeSites;
    final int maxSites;
    /** Class-name prefixes of allocation layers a site's frame is looked for beyond (besides Netty's), e.g. {@code com.example.pool.}. */
    final List<String> siteSkip;
    /** JFR's throttle for jdk.ObjectAllocationSample, e.g. {@code 100/s}. */
    final String allocThrottle;
    /** Mean bytes between two Unsafe allocations whose stack is captured. */
    final long unsafeSampleBytes;
    /**
     * Where native sites keep the JDK classes they wove: {@code auto} (the user's cache directory,
     * resolved in the target JVM), {@code off}, or a directory.
     */
    final String weaveCache;
    /** Where {@code /metrics} is served; null when off (the default). */
    final MetricsAddress metrics;
    /** Least time between two live verdicts for {@code /metrics}; 0 means no live verdict. */
    final long liveVerdictMillis;
    /** The limit captures are taken against; 0 means the memory cgroup's limit ({@code auto}). */
    final long memoryLimitBytes;
    /** Fractions of the limit at which a capture is written, ascending; empty when off. */
    final List<Double> captureThresholds;

    private AgentOptions(Map<String, String> values) throws OptionError {
        outPattern = values.getOrDefault("out", DEFAULT_OUT);
        if (outPattern.isBlank()) {
            throw new OptionError("option 'out' needs a file path (%p stands for the pid), e.g. out=/tmp/app-%p.jsonl");
        }
        intervalMillis = duration(values, "interval", "10s", MIN_INTERVAL_MILLIS);
        maxSizeBytes = size(values, "maxSize", "100MB");
        maxFiles = count(values, "maxFiles", "5");
        historyMillis = history(values, intervalMillis);
        nmt = onOff(values, "nmt", "on");
        String smaps = values.get("smaps");
        smapsAdaptive = smaps == null || smaps.equalsIgnoreCase("auto");
        try {
            smapsIntervalMillis = smapsAdaptive ? DEFAULT_SMAPS_INTERVAL_MILLIS : cadence(values, "smaps",
                    DEFAULT_SMAPS_INTERVAL_MILLIS, 0, "");
        } catch (OptionError bad) {
            throw new OptionError("bad value '" + smaps + "' for option 'smaps' (accepted: auto (the default: every "
                    + "minute, every 10s while memory outside the heap grows), on (every minute), off, or the least "
                    + "time between two reads such as 10s, 5m; at least 100ms)");
        }
        mallocInfo = onOff(values, "mallocInfo", "on");
        allocatorStats = oneOf(values, "allocatorStats", "auto", "auto", "on", "off");
        trimIntervalMillis = cadence(values, "trim", 0, DEFAULT_TRIM_INTERVAL_MILLIS,
                "probes at most every " + Units.formatMillis(DEFAULT_TRIM_INTERVAL_MILLIS));
        String liveSet = values.getOrDefault("liveSet", "off").toLowerCase(Locale.ROOT);
        liveSetAtExit = !liveSet.equals("off");
        if (liveSet.equals("off") || liveSet.equals("exit")) {
            liveSetIntervalMillis = 0;
        } else {
            liveSetIntervalMillis = Units.parseMillis(liveSet);
            long leastMillis = Math.max(MIN_LIVE_SET_INTERVAL_MILLIS, intervalMillis);
            if (liveSetIntervalMillis < leastMillis) {
                throw new OptionError("bad value '" + values.get("liveSet") + "' for option 'liveSet' (accepted: off, "
                        + "exit, or the least time between two forced collections such as 30s, 5m; at least 1s and "
                        + "at least the interval, " + Units.formatMillis(intervalMillis) + ")");
            }
        }
        logLevel = oneOf(values, "log", "info", "off", "error", "warn", "info", "debug");
        heapSites = onOff(values, "heapSites", "off");
        nativeSites = values.containsKey("nativeSites") ? nativeKinds(values.get("nativeSites")) : DEFAULT_NATIVE_KINDS;
        maxSites = count(values, "maxSites", "50");
        siteSkip = prefixes(values.getOrDefault("siteSkip", ""));
        allocThrottle = values.getOrDefault("allocThrottle", "100/s").toLowerCase(Locale.ROOT);
        if (!allocThrottle.matches("[1-9][0-9]{0,5}/(ms|s|m|h)")) {
            throw new OptionError("bad value '" + values.get("allocThrottle") + "' for option 'allocThrottle' "
                    + "(accepted: samples per time unit such as 100/s, 20/s, 1000/m; units ms, s, m, h)");
        }
        unsafeSampleBytes = Units.parseBytes(values.getOrDefault("unsafeSampleBytes", "256KB"));
        if (unsafeSampleBytes < 1024) {
            throw new OptionError("bad value '" + values.get("unsafeSampleBytes") + "' for option 'unsafeSampleBytes' "
                    + "(accepted: mean bytes between two sampled Unsafe allocations such as 64KB, 256KB, 1MB; "
                    + "at least 1KB)");
        }
        weaveCache = values.getOrDefault("weaveCache", "auto");
        if (weaveCache.isBlank()) {
            throw new OptionError("option 'weaveCache' needs a value (accepted: auto, off, or a directory such as "
                    + "weaveCache=/var/cache/bloatscope)");
        }
        metrics = MetricsAddress.parse(values.get("metrics"));
        String verdict = values.getOrDefault("liveVerdict", "1m");
        liveVerdictMillis = verdict.equalsIgnoreCase("off") ? 0 : Units.parseMillis(verdict);
        if (!verdict.equalsIgnoreCase("off") && liveVerdictMillis < MIN_LIVE_VERDICT_MILLIS) {
            throw new OptionError("bad value '" + verdict + "' for option 'liveVerdict' (accepted: off, or the least "
                    + "time between two live verdicts on /metrics such as 1m (the default), 5m; at least 10s)");
        }
        memoryLimitBytes = memoryLimit(values.getOrDefault("memoryLimit", "auto"));
        captureThresholds = CaptureAt.parse(values.getOrDefault("captureAt", CaptureAt.DEFAULT));
    }

    private static long memoryLimit(String text) throws OptionError {
        if (text.equalsIgnoreCase("auto")) {
            return 0;
        }
        long bytes = Units.parseBytes(text);
        if (bytes < (1L << 20)) {
            throw new OptionError("bad value '" + text + "' for option 'memoryLimit' (accepted: auto (the memory "
                    + "cgroup's limit, the default), or a size such as 512MB, 2GB, at least 1MB)");
        }
        return bytes;
    }

    private static List<String> prefixes(String text) throws OptionError {
        if (text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String prefix : text.split("\\+", -1)) {
            String p = prefix.trim();
            if (!p.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?")) {
                throw new OptionError("bad value '" + text + "' for option 'siteSkip' (accepted: package or class name"
                        + " prefixes joined by +, e.g. siteSkip=com.example.pool.+org.lib.alloc.)");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static List<String> nativeKinds(String text) throws OptionError {
        String lower = text.toLowerCase(Locale.ROOT).trim();
        if (lower.equals("off")) {
            return List.of();
        }
        if (lower.equals("on")) {
            return NATIVE_KINDS;
        }
        List<String> wanted = new ArrayList<>();
        for (String kind : lower.split("\\+")) {
            if (!NATIVE_KINDS.contains(kind.trim())) {
                throw new OptionError("bad value '" + text + "' for option 'nativeSites' (accepted: on, off, or "
                        + "instrumentations joined by +, from " + String.join(", ", NATIVE_KINDS)
                        + "; e.g. nativeSites=direct+unsafe)");
            }
            wanted.add(kind.trim());
        }
        List<String> ordered = new ArrayList<>();
        for (String kind : NATIVE_KINDS) {
            if (wanted.contains(kind)) {
                ordered.add(kind);
            }
        }
        return List.copyOf(ordered);
    }

    /** Parses an option string; null or empty gives the defaults. */
    public static AgentOptions parse(String text) throws OptionError {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new OptionError("option '" + pair.trim() + "' needs a value as key=value (options: "
                            + ACCEPTED_KEYS + ")");
                }
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (!isKnown(key)) {
                    throw new OptionError("unknown option '" + key + "' (options: " + ACCEPTED_KEYS + ")");
                }
                if (values.put(key, value) != null) {
                    throw new OptionError("option '" + key + "' is given twice");
                }
            }
        }
        return new AgentOptions(values);
    }

    private static boolean isKnown(String key) {
        for (String known : ACCEPTED_KEYS.split(", ")) {
            if (known.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The output path with {@code %p} replaced by the given pid. */
    public String outPath(long pid) {
        return outPattern.replace("%p", Long.toString(pid));
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** The canonical form, every option spelled out; parsing it gives back equal options. */
    @Override
    public String toString() {
        return "out=" + outPattern
                + ",interval=" + Units.formatMillis(intervalMillis)
                + ",maxSize=" + (maxSizeBytes == 0 ? "0" : Units.formatBytes(maxSizeBytes))
                + ",maxFiles=" + maxFiles
                + ",history=" + (historyMillis == 0 ? "off" : Units.formatMillis(historyMillis))
                + ",nmt=" + (nmt ? "on" : "off")
                + ",smaps=" + (smapsAdaptive ? "auto"
                        : smapsIntervalMillis == 0 ? "off" : Units.formatMillis(smapsIntervalMillis))
                + ",mallocInfo=" + (mallocInfo ? "on" : "off")
                + ",allocatorStats=" + allocatorStats
                + ",trim=" + (trimIntervalMillis == 0 ? "off" : Units.formatMillis(trimIntervalMillis))
                + ",liveSet=" + (!liveSetAtExit ? "off"
                        : liveSetIntervalMillis == 0 ? "exit" : Units.formatMillis(liveSetIntervalMillis))
                + ",heapSites=" + (heapSites ? "on" : "off")
                + ",nativeSites=" + (nativeSites.isEmpty() ? "off"
                        : nativeSites.equals(NATIVE_KINDS) ? "on" : String.join("+", nativeSites))
                + ",maxSites=" + maxSites
                + (siteSkip.isEmpty() ? "" : ",siteSkip=" + String.join("+", siteSkip))
                + ",allocThrottle=" + allocThrottle
                + ",unsafeSampleBytes=" + Units.formatBytes(unsafeSampleBytes)
                + ",weaveCache=" + weaveCache
                + ",metrics=" + (metrics == null ? "off" : metrics.toString())
                + ",liveVerdict=" + (liveVerdictMillis == 0 ? "off" : Units.formatMillis(liveVerdictMillis))
                + ",memoryLimit=" + (memoryLimitBytes == 0 ? "auto" : Units.formatBytes(memoryLimitBytes))
                + ",captureAt=" + CaptureAt.format(captureThresholds)
                + ",log=" + logLevel;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentOptions && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static long duration(Map<String, String> values, String key, String fallback, long minMillis)
            throws OptionError {
        String text = values.getOrDefault(key, fallback);
        long millis = Units.parseMillis(text);
        if (millis < minMillis) {
            throw new OptionError("bad value '" + text + "' for option '" + key
                    + "' (accepted: a duration such as 500ms, 10s, 5m; at least " + Units.formatMillis(minMillis) + ")");
        }
        return millis;
    }

    private static long history(Map<String, String> values, long intervalMillis) throws OptionError {
        String text = values.getOrDefault("history", DEFAULT_HISTORY);
        if (text.equalsIgnoreCase("off")) {
            return 0;
        }
        long millis = Units.parseMillis(text);
        if (millis < MIN_HISTORY_MILLIS || millis < intervalMillis) {
            throw new OptionError("bad value '" + text + "' for option 'history' (accepted: off, or how long snapshots "
                    + "are kept exact before coarse tiers keep their peaks, such as 1h (the default), 30m, 6h; at least "
                    + Units.formatMillis(MIN_HISTORY_MILLIS) + " and at least the interval)");
        }
        return millis;
    }

    private static long size(Map<String, String> values, String key, String fallback) throws OptionError {
        String text = values.getOrDefault(key, fallback);
        long bytes = Units.parseBytes(text);
        if (bytes < 0 || (bytes > 0 && bytes < 4096)) {
            throw new OptionError("bad value '" + text + "' for option '" + key
                    + "' (accepted: a size such as 64KB, 100MB, 1GB, at least 4KB; 0 for no limit)");
        }
        return bytes;
    }

    private static int count(Map<String, String> values, String key, String fallback) throws OptionError {
        String text = values.getOrDefault(key, fallback);
        long n = text.matches("[0-9]{1,4}") ? Long.parseLong(text) : -1;
        if (n < 1 || n > 1000) {
            throw new OptionError("bad value '" + text + "' for option '" + key
                    + "' (accepted: a whole number from 1 to 1000)");
        }
        return (int) n;
    }

    private static boolean onOff(Map<String, String> values, String key, String fallback) throws OptionError {
        return oneOf(values, key, fallback, "on", "off").equals("on");
    }

    private static String oneOf(Map<String, String> values, String key, String fallback, String... accepted)
            throws OptionError {
        String text = values.getOrDefault(key, fallback).toLowerCase(Locale.ROOT);
        for (String ok : accepted) {
            if (ok.equals(text)) {
                return ok;
            }
        }
        throw new OptionError("bad value '" + values.get(key) + "' for option '" + key
                + "' (accepted: " + String.join(", ", accepted) + ")");
    }

    /**
     * An on/off switch that also takes the least time between two runs: {@code off} (0),
     * {@code on} (the given default) or a duration of at least one second.
     */
    private static long cadence(Map<String, String> values, String key, long fallbackMillis, long onMillis,
            String onMeaning) throws OptionError {
        String text = values.get(key);
        if (text == null) {
            return fallbackMillis;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("off")) {
            return 0;
        }
        if (lower.equals("on")) {
            return onMillis == 0 ? fallbackMillis : onMillis;
        }
        long millis = Units.parseMillis(text);
        if (millis < 100) {
            throw new OptionError("bad value '" + text + "' for option '" + key + "' (accepted: off, on ("
                    + onMeaning + "), or the least time between two runs such as 30s, 10m; at least 100ms)");
        }
        return millis;
    }
}
