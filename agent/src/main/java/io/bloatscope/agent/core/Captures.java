package io.bloatscope.agent.core;

import io.bloatscope.agent.history.History;
import io.bloatscope.format.SnapshotFields;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.os.ChargedMemory;
import io.bloatscope.agent.write.JsonLine;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.slf4j.Logger;

/**
 * Captures near the memory limit ({@code captureAt}, {@code memoryLimit}): at every tick, before
 * the samplers, the figure charged against the limit is read ({@link ChargedMemory}); when it
 * crosses a threshold ({@link CaptureThresholds}) that tick's snapshot is made complete (smaps read
 * whatever its cadence; NMT, malloc_info and sites are in every snapshot anyway) and, right after
 * it, one line per threshold crossed is written:
 * <pre>{"type":"capture","seq":n,"timeMillis":n,"uptimeMillis":n,"threshold":0.75,"limitBytes":n,
 *   "limitSource":"cgroup"|"memoryLimit","usageBytes":n,"usage":"cgroupWorkingSet"|"rss","usageFraction":0.76,
 *   "growth":{"bytesPerMinute":n,"windowMillis":n,"points":n},"secondsToLimit":n,
 *   "threads":{"live":n,"daemon":n,"stackSizeBytes":n},"snapshot":{...that tick's snapshot...}}</pre>
 * No heap dump and no class histogram: both stop the application. A capture is bounded by the
 * snapshot it embeds (itself bounded by {@code maxSites}); one larger than {@link #MAX_EMBEDDED_CHARS}
 * is referred to by {@code seq} instead. A failure here is logged once and ends captures, never
 * sampling.
 */
final class Captures {
    private static final Logger LOG = AgentLog.get(Captures.class);
    static final int MAX_EMBEDDED_CHARS = 4 << 20;

    private final ChargedMemory memory;
    private final CaptureThresholds thresholds;
    private final GrowthWindow growth = new GrowthWindow();
    private final JsonLine line = new JsonLine();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long stackSizeBytes = threadStackSizeBytes();
    private double[] due = new double[0];
    private long dueUsageBytes;
    private boolean failed;

    private Captures(ChargedMemory memory, AgentOptions options) {
        this.memory = memory;
        this.thresholds = new CaptureThresholds(options.captureThresholds);
    }

    /** Null when captures are off or there is no limit to take them against. */
    static Captures create(AgentOptions options) {
        if (options.captureThresholds.isEmpty()) {
            return null;
        }
        try {
            ChargedMemory memory = ChargedMemory.create(options.memoryLimitBytes);
            if (memory == null) {
                // The usual case outside containers: not worth a line of its own at info.
                LOG.debug("no memory limit (no cgroup limit, no memoryLimit option): no captures near a limit");
                return null;
            }
            return new Captures(memory, options);
        } catch (Throwable unreadable) {
            LOG.warn("captures near a limit are off: the limit could not be read ({})", unreadable.toString());
            return null;
        }
    }

    ChargedMemory memory() {
        return memory;
    }

    /** For the agent's start-up line, e.g. "captures at 75%+90% of 2048 MB (cgroup, cgroupWorkingSet)". */
    String describe(AgentOptions options) {
        return "captures at " + CaptureAt.format(options.captureThresholds) + " of " + (memory.limitBytes() >> 20)
                + " MB (" + memory.limitSource() + ", " + memory.figure() + ")";
    }

    /**
     * Reads the figure at the start of a tick; true when this tick's snapshot is to be captured
     * (the caller then completes it).
     */
    boolean beforeSnapshot(long nowMillis) {
        if (failed) {
            return false;
        }
        try {
            long usageBytes = memory.usageBytes();
            growth.add(nowMillis, usageBytes);
            due = thresholds.crossed(usageBytes, memory.limitBytes());
            dueUsageBytes = usageBytes;
            return due.length > 0;
        } catch (Throwable unreadable) {
            fail(unreadable);
            return false;
        }
    }

    /** Writes the captures due, each embedding the snapshot just written. */
    void afterSnapshot(long seq, long timeMillis, long uptimeMillis, CharSequence snapshot, SnapshotFile file,
            History history) throws IOException {
        if (failed || due.length == 0) {
            return;
        }
        // The snapshot text lives in the loop's reused buffer: keep it before that is rebuilt.
        String embedded = snapshot.length() <= MAX_EMBEDDED_CHARS ? snapshot.toString() : null;
        for (double threshold : due) {
            CharSequence capture;
            try {
                capture = line(threshold, seq, timeMillis, uptimeMillis, embedded);
            } catch (Throwable bug) {
                fail(bug);
                return;
            }
            file.writeLine(capture);
            if (history != null) {
                history.afterCapture(capture); // kept past the exact window
            }
            LOG.info("capture at {}% of the memory limit: {} MB of {} MB", Math.round(threshold * 100),
                    dueUsageBytes >> 20, memory.limitBytes() >> 20);
        }
        due = new double[0];
    }

    private CharSequence line(double threshold, long seq, long timeMillis, long uptimeMillis, String embedded) {
        long limitBytes = memory.limitBytes();
        line.begin()
                .field(SnapshotFields.TYPE, SnapshotFields.CAPTURE)
                .field(SnapshotFields.SEQ, seq)
                .field(SnapshotFields.TIME_MILLIS, timeMillis)
                .field(SnapshotFields.UPTIME_MILLIS, uptimeMillis)
                .field("threshold", threshold)
                .field("limitBytes", limitBytes)
                .field("limitSource", memory.limitSource())
                .field("usageBytes", dueUsageBytes)
                .field("usage", memory.figure())
                .field("usageFraction", Math.round(1000.0 * dueUsageBytes / limitBytes) / 1000.0);
        double perMinute = growth.bytesPerMinute();
        if (!Double.isNaN(perMinute)) {
            line.beginObject("growth")
                    .field("bytesPerMinute", Math.round(perMinute))
                    .field("windowMillis", growth.spanMillis())
                    .field("points", growth.points())
                    .endObject();
            if (perMinute > 0) {
                // Seconds, not minutes: near a limit, growth fast enough to matter leaves seconds.
                line.field("secondsToLimit", Math.round(60 * Math.max(0, limitBytes - dueUsageBytes) / perMinute));
            }
        }
        line.beginObject("threads")
                .field("live", threads.getThreadCount())
                .field("daemon", threads.getDaemonThreadCount())
                .field("stackSizeBytes", stackSizeBytes)
                .endObject();
        if (embedded != null) {
            line.rawField(SnapshotFields.SNAPSHOT, embedded);
        } else {
            line.field("snapshotOmitted", "larger than " + (MAX_EMBEDDED_CHARS >> 20) + " MB; see the snapshot of seq "
                    + seq);
        }
        return line.end();
    }

    private void fail(Throwable failure) {
        failed = true;
        LOG.warn("captures near a limit stopped for this run: {}; sampling goes on", failure.toString());
    }

    void close() {
        memory.close();
    }

    /** -Xss as the JVM applies it to new Java threads (ThreadStackSize, in KB); -1 when unknown. */
    private static long threadStackSizeBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotspot.getVMOption("ThreadStackSize").getValue()) * 1024;
        } catch (Throwable unknown) {
            return -1;
        }
    }
}
