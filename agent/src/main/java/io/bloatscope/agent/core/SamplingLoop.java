package io.bloatscope.agent.core;

import io.bloatscope.agent.history.History;
import io.bloatscope.format.Units;
import io.bloatscope.format.SnapshotFields;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.metrics.LiveMetrics;
import io.bloatscope.agent.write.HistogramText;
import io.bloatscope.agent.write.JsonLine;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;

/**
 * The one daemon thread that samples: once per interval it asks every sampler for its section and
 * writes the snapshot line. Application threads never wait for it; it never waits for them.
 *
 * <p>Samplers are created and the file opened on this thread before its first tick, so the JVM's
 * start-up (premain) does not pay for the management beans. A sampler that throws is dropped for the rest of the run with
 * one log line; a write that fails stops the loop with one log line. Either way the application
 * goes on.
 */
final class SamplingLoop {
    private static final Logger LOG = AgentLog.get(SamplingLoop.class);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread sampler = new Thread(() -> {
            SiteTracking.markAgentThread();
            runnable.run();
        }, "bloatscope-sampler");
        sampler.setDaemon(true);
        return sampler;
    });
    private final AgentOptions options;
    private final boolean appendToExisting;
    private final Supplier<List<Sampler>> samplerFactory;
    private final JsonLine line = new JsonLine();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Every tick since start, in microseconds: the agent's own cost, for the run as a whole. */
    private final Histogram tickMicros = new Histogram(60_000_000L, 2);
    private final HistogramText histogramText = new HistogramText();
    private final List<String> droppedSamplers = new ArrayList<>();
    /** How long exit waits for its snapshot when that snapshot first requests a full collection. */
    static final long LIVE_SET_EXIT_WAIT_SECONDS = 5;
    private LiveSetRequest liveSet;
    /** Captures near the memory limit; null when off or without a limit. */
    private Captures captures;
    private volatile SnapshotFile file;
    /** The coarse tiers and the exact file's rotation by age; null with {@code history=off} or when they failed to open. */
    private History history;
    /** The metrics endpoint ({@code metrics=}), null when off or when it could not start. */
    private volatile LiveMetrics live;
    private List<Sampler> samplers;
    private long[] samplerNanos = new long[0];
    private long sequence;
    private volatile boolean writing = true;
    private boolean ticked;
    private long lastTickNanos;

    /**
     * @param appendToExisting continue the file of a previous loop (the agent was reconfigured
     *     with the same output path) rather than truncating it
     */
    SamplingLoop(AgentOptions options, boolean appendToExisting) {
        this(options, appendToExisting, (Instrumentation) null);
    }

    /** @param instrumentation for site tracking; null when there is none (tests) */
    SamplingLoop(AgentOptions options, boolean appendToExisting, Instrumentation instrumentation) {
        this(options, appendToExisting, () -> Samplers.create(options, instrumentation));
    }

    SamplingLoop(AgentOptions options, boolean appendToExisting, Supplier<List<Sampler>> samplerFactory) {
        this.options = options;
        this.appendToExisting = appendToExisting;
        this.samplerFactory = samplerFactory;
    }

    /**
     * Starts the thread. It first creates the samplers and opens the file, then ticks once per
     * interval. The returned future completes when the file is open (or failed to open), so
     * {@code attach} can report the outcome; premain does not wait for it.
     */
    Future<Path> start() {
        // The ticks are scheduled first: a failing open() shuts the executor down, and scheduling
        // after that would throw RejectedExecutionException at the caller. open() still runs first
        // (no delay), and a tick before the file is open does nothing.
        thread.scheduleAtFixedRate(this::tickSafely, options.intervalMillis, options.intervalMillis,
                TimeUnit.MILLISECONDS);
        Future<Path> opened = thread.submit(this::open);
        try {
            Runtime.getRuntime().addShutdownHook(finalSnapshot);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Nothing to add: the JVM is on its way out.
        }
        return opened;
    }

    /**
     * At JVM exit, one last snapshot, so a short run (a test, a batch job) ends with its final
     * state on record. It runs on the sampling thread like every tick, and exit waits for it at
     * most one second, or {@link #LIVE_SET_EXIT_WAIT_SECONDS} when {@code liveSet} first requests a
     * full collection: that takes milliseconds on a test's heap, up to seconds on a large one, and
     * the user asked for it (it is off by default).
     */
    private final Thread finalSnapshot = new Thread(() -> {
        try {
            thread.submit(() -> {
                for (Sampler sampler : samplers == null ? List.<Sampler>of() : samplers) {
                    sampler.beforeExitSnapshot();
                }
                tickSafely(AT_EXIT);
            }).get(exitWaitSeconds(), TimeUnit.SECONDS);
        } catch (Exception tooLateOrTooSlow) {
            // The JVM exits regardless; we never hold it up for long.
        }
    }, "bloatscope-final-snapshot");

    /** The tiers next to the file; without them (failed to open, logged) the run goes on with the exact file only. */
    private History openHistory(Path path, Header header) {
        if (options.historyMillis == 0) {
            return null;
        }
        try {
            return History.open(path, options.historyMillis, options.intervalMillis, options.maxSizeBytes,
                    options.maxFiles, header::line, appendToExisting);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the history tiers next to {} ({}); snapshots go on without them", path,
                    e.toString());
            return null;
        }
    }

    private long exitWaitSeconds() {
        return options.liveSetAtExit ? LIVE_SET_EXIT_WAIT_SECONDS : 1;
    }

    private Path open() throws IOException {
        Header header;
        try {
            samplers = new ArrayList<>(samplerFactory.get());
            samplerNanos = new long[samplers.size()];
            liveSet = LiveSetRequest.create(options);
            captures = Captures.create(options);
            header = new Header(options, samplers, captures == null ? null : captures.memory());
            Path path = Path.of(options.outPath(ProcessHandle.current().pid())).toAbsolutePath();
            boolean tiered = options.historyMillis > 0 && History.fits(options.maxSizeBytes);
            file = new SnapshotFile(path, tiered ? History.exactPartBytes(options.maxSizeBytes) : options.maxSizeBytes,
                    options.maxFiles, header::line, appendToExisting);
            history = openHistory(path, header);
        } catch (IOException | RuntimeException | Error e) {
            writing = false;
            LOG.error("cannot write snapshots to {} ({}); bloatscope is not sampling, the application goes on",
                    options.outPath(ProcessHandle.current().pid()), e.toString());
            thread.shutdown();
            closeSamplers();
            removeFinalSnapshotHook();
            throw e;
        }
        LOG.info("writing snapshots to {} every {}{}", file.path(), Units.formatMillis(options.intervalMillis),
                captures == null ? "" : "; " + captures.describe(options));
        if (options.metrics != null) {
            // On this thread, a daemon: the HTTP server's dispatcher inherits that (see MetricsEndpoint).
            live = LiveMetrics.start(options.metrics.host, options.metrics.port, options.intervalMillis,
                    options.liveVerdictMillis, header.line(0).toString(), file.path());
        }
        // Premain could only say "starting": now the file is known, for attach status and @LeakTest.
        System.setProperty(Agent.STATUS_PROPERTY, "running " + options + " writing " + file.path() + metricsStatus());
        tickSafely();
        return file.path();
    }

    /** Runs a task on the sampling thread, after any tick under way, e.g. a trim probe on demand. */
    <T> Future<T> submit(java.util.concurrent.Callable<T> task) {
        return thread.submit(task);
    }

    /** The running sampler of this type, or null; call on the sampling thread. */
    <T extends Sampler> T sampler(Class<T> type) {
        if (samplers != null) {
            for (Sampler sampler : samplers) {
                if (type.isInstance(sampler)) {
                    return type.cast(sampler);
                }
            }
        }
        return null;
    }

    /** How the status line names the metrics endpoint: empty when off. */
    String metricsStatus() {
        if (options.metrics == null) {
            return "";
        }
        LiveMetrics served = live;
        return served == null ? "; metrics could not start (see the agent's log)"
                : "; metrics on http://" + options.metrics.host + ":" + served.port() + "/metrics";
    }

    boolean isWriting() {
        return writing;
    }

    AgentOptions options() {
        return options;
    }

    /** The open file's path, or null before it opened or when opening failed. */
    Path path() {
        SnapshotFile open = file;
        return open == null ? null : open.path();
    }

    /** Stops sampling without a last snapshot (a reconfiguration, tests). */
    void stop() {
        stop(false);
    }

    /**
     * Stops sampling and closes the file; waits a little for a tick under way to finish.
     *
     * @param lastSnapshot write one last snapshot marked {@code "stopped":true} first ({@code attach
     *     <pid> stop}), so a reader can tell a run that was stopped from one that was killed; not when
     *     the loop is replaced by a reconfigured one
     */
    void stop(boolean lastSnapshot) {
        removeFinalSnapshotHook();
        if (lastSnapshot) {
            try {
                thread.submit(() -> tickSafely(STOPPED)).get(exitWaitSeconds(), TimeUnit.SECONDS);
            } catch (Exception tooSlowOrShutDown) {
                // Stopping goes on without it; the file then reads as ended abruptly.
            }
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        closeSamplers();
        closeMetrics();
        if (history != null) {
            history.close();
        }
        SnapshotFile open = file;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.warn("could not close {}: {}", open.path(), e.toString());
            }
        }
    }

    /** Marks of a run's last snapshot: at JVM exit, or at {@code attach <pid> stop}. */
    private static final String AT_EXIT = "atExit";
    private static final String STOPPED = "stopped";

    private void tickSafely() {
        tickSafely(null);
    }

    /**
     * @param lastMark {@link #AT_EXIT} or {@link #STOPPED} for the run's last snapshot, which is
     *     taken even right after another one; null for a regular tick
     */
    private void tickSafely(String lastMark) {
        boolean always = lastMark != null;
        if (!writing || file == null) {
            return;
        }
        // A fixed-rate schedule runs missed ticks back to back after a stall (a slow start, a long
        // safepoint, a stopped machine); snapshots milliseconds apart say nothing new, so skip them.
        long now = System.nanoTime();
        if (!always && ticked && now - lastTickNanos < TimeUnit.MILLISECONDS.toNanos(options.intervalMillis) / 2) {
            return;
        }
        ticked = true;
        lastTickNanos = now;
        try {
            tick(lastMark);
        } catch (IOException e) {
            stopWriting(e);
        } catch (Throwable unexpected) {
            // A bug of ours must not end the loop silently, nor reach the application.
            LOG.error("sampling tick failed: {}", unexpected.toString());
        }
    }

    private void removeFinalSnapshotHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(finalSnapshot);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs or has run; the executor is shut down either way.
        }
    }

    private void stopWriting(IOException e) {
        writing = false;
        LOG.error("cannot write snapshots to {} ({}); sampling stopped, the application goes on",
                file.path(), e.toString());
        thread.shutdown();
        closeSamplers();
        closeMetrics();
    }

    private void closeMetrics() {
        LiveMetrics served = live;
        live = null;
        if (served != null) {
            try {
                served.close();
            } catch (Throwable ignored) {
                // Closing is best effort.
            }
        }
    }

    /**
     * @param lastMark {@link #AT_EXIT} marks the snapshot taken at JVM exit (shutdown hooks may be
     *     running), {@link #STOPPED} the one taken when sampling is stopped; null otherwise
     */
    private void tick(String lastMark) throws IOException {
        boolean atExit = AT_EXIT.equals(lastMark);
        long startNanos = System.nanoTime();
        long startCpuNanos = threads.getCurrentThreadCpuTime();
        long seq = sequence++;
        long timeMillis = System.currentTimeMillis();
        long uptimeMillis = runtime.getUptime();
        boolean capture = captures != null && captures.beforeSnapshot(timeMillis);
        if (capture) {
            for (Sampler sampler : samplers) {
                try {
                    sampler.beforeCapture();
                } catch (Throwable ignored) {
                    // Only completes the snapshot; the capture is written either way.
                }
            }
        }
        line.begin()
                .field(SnapshotFields.TYPE, SnapshotFields.SNAPSHOT)
                .field(SnapshotFields.SEQ, seq)
                .field(SnapshotFields.TIME_MILLIS, timeMillis)
                .field(SnapshotFields.UPTIME_MILLIS, uptimeMillis);
        if (lastMark != null) {
            line.field(lastMark, true);
        }
        if (liveSet != null) {
            // Before the samplers, so that the heap and GC sections show the heap after it.
            liveSet.beforeSnapshot(line, atExit);
        }
        for (int i = 0; i < samplers.size(); i++) {
            samplerNanos[i] = sampleOne(samplers.get(i));
        }
        removeDropped();
        long tickNanos = System.nanoTime() - startNanos;
        long endCpuNanos = threads.getCurrentThreadCpuTime();
        tickMicros.recordValue(Math.min(tickNanos / 1000, tickMicros.getHighestTrackableValue()));
        writeAgentSection(tickNanos, startCpuNanos, endCpuNanos);
        CharSequence text = line.end();
        file.writeLine(text);
        LiveMetrics served = live;
        if (served != null) {
            served.offer(text);
        }
        if (capture) {
            captures.afterSnapshot(seq, timeMillis, uptimeMillis, text, file, history);
        }
        if (history != null) {
            history.afterSnapshot(text, timeMillis, file);
        }
    }

    /** Returns the sampler's time in nanoseconds, or -1 when it failed and was dropped. */
    private long sampleOne(Sampler sampler) {
        long mark = line.mark();
        long start = System.nanoTime();
        int depth = line.depth();
        try {
            sampler.sample(line);
            if (line.depth() != depth) {
                // Returning with a container left open would break every later line.
                throw new IllegalStateException("left " + (line.depth() - depth) + " JSON containers open");
            }
            return System.nanoTime() - start;
        } catch (Throwable failure) {
            line.rewind(mark);
            droppedSamplers.add(sampler.name());
            LOG.warn("sampler '{}' failed and is disabled for this run: {}", sampler.name(), failure.toString());
            try {
                sampler.close();
            } catch (Throwable ignored) {
                // Already reported the failure that matters.
            }
            return -1;
        }
    }

    private void removeDropped() {
        if (droppedSamplers.isEmpty()) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < samplers.size(); i++) {
            if (samplerNanos[i] >= 0) {
                samplerNanos[kept] = samplerNanos[i];
                samplers.set(kept++, samplers.get(i));
            }
        }
        while (samplers.size() > kept) {
            samplers.remove(samplers.size() - 1);
        }
    }

    /**
     * @param startCpuNanos the sampling thread's CPU time before the samplers ran, -1 when the JVM
     *     does not measure it (the application may switch that off)
     * @param endCpuNanos the same after they ran
     */
    private void writeAgentSection(long tickNanos, long startCpuNanos, long endCpuNanos) {
        line.beginObject("agent").field("tickMicros", tickNanos / 1000);
        // Wall time also counts waiting for a core and safepoint pauses; CPU time is the work.
        if (startCpuNanos >= 0 && endCpuNanos >= 0) {
            line.field("tickCpuMicros", (endCpuNanos - startCpuNanos) / 1000);
        }
        line.beginObject("samplerMicros");
        for (int i = 0; i < samplers.size(); i++) {
            line.field(samplers.get(i).name(), samplerNanos[i] / 1000);
        }
        line.endObject()
                .field("tickMicrosHistogram", histogramText.encode(tickMicros))
                .field("cpuNanos", endCpuNanos)
                .field("allocatedBytes", threads.getCurrentThreadAllocatedBytes())
                .field("writtenBytes", file.writtenBytes());
        if (!droppedSamplers.isEmpty()) {
            line.beginArray("disabledSamplers");
            for (String name : droppedSamplers) {
                line.element(name);
            }
            line.endArray();
        }
        line.endObject();
    }

    private void closeSamplers() {
        if (captures != null) {
            try {
                captures.close();
            } catch (Throwable ignored) {
                // Closing is best effort.
            }
        }
        if (samplers != null) {
            for (Sampler sampler : samplers) {
                try {
                    sampler.close();
                } catch (Throwable ignored) {
                    // Closing is best effort.
                }
            }
        }
    }
}
