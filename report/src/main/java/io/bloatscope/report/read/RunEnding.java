package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run ended, from its last snapshot ({@link RunColumns#tail}) and when its newest part was last
 * written:
 * <ul>
 * <li>{@code exit}: its last snapshot is the one taken at JVM exit ({@code "atExit":true});
 * <li>{@code stop}: the one written by {@code attach <pid> stop} ({@code "stopped":true});
 * <li>{@code running}: neither, but the JVM is still alive on this host (same pid and start time),
 * or, seen from another host, the file was written within {@link #STALE_INTERVALS} intervals;
 * <li>{@code abrupt}: neither, and nobody writes the file any more: the JVM was killed without its
 * shutdown hooks, by {@code kill -9} or the kernel's OOM killer (or the machine went down).
 * </ul>
 * With the last RSS and the memory limit (the captures', else the header's capture limit, else the
 * container's), so an abrupt end can be set against the limit.
 */
public final class RunEnding {
    public static final String EXIT = "exit";
    public static final String STOP = "stop";
    public static final String RUNNING = "running";
    public static final String ABRUPT = "abrupt";
    static final int STALE_INTERVALS = 3;
    /** A floor under short intervals: a busy machine may delay a write by a second or so. */
    static final long STALE_MIN_MILLIS = 2_000;

    public final String kind;
    /** Since the file's last write, at the time of reading. */
    public final long silentMillis;
    /** RSS at the last snapshot; -1 when there is none. */
    public final long lastRssBytes;
    /** The memory limit; -1 when none is known. */
    public final long limitBytes;

    RunEnding(String kind, long silentMillis, long lastRssBytes, long limitBytes) {
        this.kind = kind;
        this.silentMillis = silentMillis;
        this.lastRssBytes = lastRssBytes;
        this.limitBytes = limitBytes;
    }

    public static RunEnding read(Path file, RunColumns columns) throws IOException {
        long lastRssBytes = -1;
        for (int row = columns.size() - 1; row >= 0 && lastRssBytes < 0; row--) {
            if (columns.has(Column.RSS, row)) {
                lastRssBytes = columns.get(Column.RSS, row);
            }
        }
        long limitBytes = limitBytes(columns);
        long silentMillis = Math.max(0, System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis());
        String kind;
        if (columns.tail().endsAtExit()) {
            kind = EXIT;
        } else if (columns.tail().endsStopped()) {
            kind = STOP;
        } else if (alive(columns.headers()) || silentMillis <= staleMillis(columns.headers())) {
            kind = RUNNING;
        } else {
            kind = ABRUPT;
        }
        return new RunEnding(kind, silentMillis, lastRssBytes, limitBytes);
    }

    /**
     * The report's note on this ending, or null when there is nothing to remark (exit, stop,
     * running).
     */
    public String note() {
        if (!ABRUPT.equals(kind)) {
            return null;
        }
        String against;
        if (lastRssBytes < 0) {
            against = "No snapshot holds RSS.";
        } else if (limitBytes > 0) {
            against = String.format(java.util.Locale.ROOT, "Last RSS %.1f MB, %.0f%% of the %.1f MB memory limit.",
                    mb(lastRssBytes), 100.0 * lastRssBytes / limitBytes, mb(limitBytes));
        } else {
            against = String.format(java.util.Locale.ROOT, "Last RSS %.1f MB; no memory limit is known (no cgroup "
                    + "limit, no memoryLimit option).", mb(lastRssBytes));
        }
        return "The run ended abruptly (kill -9 or the OOM killer): the file ends with neither an exit nor a stop "
                + "snapshot and has not been written for " + Math.round(silentMillis / 1000.0) + " s. " + against;
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    /** Silence after which a file whose JVM cannot be seen is taken as no longer written. */
    static long staleMillis(List<Map<String, Object>> headers) {
        long interval = headers.isEmpty() ? 10_000
                : Fields.getLong(headers.get(headers.size() - 1), "intervalMillis", 10_000);
        return Math.max(STALE_MIN_MILLIS, STALE_INTERVALS * interval);
    }

    /** Whether the run's JVM still runs on this host: its pid, started when the header says. */
    private static boolean alive(List<Map<String, Object>> headers) {
        if (headers.isEmpty()) {
            return false;
        }
        Map<String, Object> header = headers.get(headers.size() - 1);
        long pid = Fields.getLong(header, "pid", -1);
        long startMillis = Fields.getLong(header, "jvmStartMillis", -1);
        if (pid <= 0 || startMillis <= 0) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        // A reused pid belongs to a process started at another time; the JVM's start time is a
        // little after its process's.
        Optional<Instant> started = process.get().info().startInstant();
        return started.isEmpty() || Math.abs(started.get().toEpochMilli() - startMillis) < 10_000;
    }

    private static long limitBytes(RunColumns columns) {
        List<Map<String, Object>> captures = columns.captures();
        if (!captures.isEmpty()) {
            long limit = Fields.getLong(captures.get(captures.size() - 1), "limitBytes", -1);
            if (limit > 0) {
                return limit;
            }
        }
        List<Map<String, Object>> headers = columns.headers();
        if (headers.isEmpty()) {
            return -1;
        }
        Map<String, Object> header = headers.get(headers.size() - 1);
        long limit = Fields.getLong(header, "captureLimit.limitBytes", -1);
        return limit > 0 ? limit : Math.max(-1, Fields.getLong(header, "containerLimitBytes", -1));
    }
}
