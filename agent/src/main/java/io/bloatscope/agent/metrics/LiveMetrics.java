package io.bloatscope.agent.metrics;

import io.bloatscope.agent.log.AgentLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Live metrics ({@code metrics=[host:]port}): the sampler hands every snapshot line over, the
 * {@code bloatscope-metrics} thread turns it into an immutable {@link Exposition} (through the
 * report module's {@link LiveModel}) and publishes it with one volatile write, and a scrape writes
 * whatever was published last.
 *
 * <p>Nobody waits: the sampler's hand-over is a non-blocking offer to a queue of
 * {@value #QUEUE_LINES} lines (when the metrics thread falls that far behind, the oldest line is
 * dropped from the live window, never from the file); a scrape reads one reference. The live
 * verdict runs on the metrics thread at most once per {@code liveVerdict} over the last hour of
 * snapshots, at most {@value #MAX_WINDOW_ROWS} of them.
 */
public final class LiveMetrics implements AutoCloseable {
    private static final Logger LOG = AgentLog.get(LiveMetrics.class);
    static final int QUEUE_LINES = 16;
    static final long WINDOW_MILLIS = 3_600_000L;
    static final int MAX_WINDOW_ROWS = 3_600;

    private final LiveModel model;
    private final MetricsEndpoint endpoint;
    private final ThreadPoolExecutor thread;
    private final long verdictNanos;
    private volatile Exposition latest;
    /** Metrics thread only. */
    private long lastVerdictNanos;
    private boolean started;

    private LiveMetrics(LiveModel model, MetricsEndpoint endpoint, ThreadPoolExecutor thread, long verdictMillis) {
        this.model = model;
        this.endpoint = endpoint;
        this.thread = thread;
        this.verdictNanos = TimeUnit.MILLISECONDS.toNanos(verdictMillis);
    }

    /**
     * Binds the endpoint and starts the metrics thread; call on the sampling thread (a daemon, see
     * {@link MetricsEndpoint}). On any failure it logs one line naming the address and returns
     * null: metrics are off, sampling goes on.
     *
     * @param verdictMillis least time between two live verdicts; 0 for none
     */
    public static LiveMetrics start(String host, int port, long intervalMillis, long verdictMillis, String headerLine,
            Path snapshotFile) {
        String where = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        LiveModel model;
        try {
            model = (LiveModel) Class.forName(LiveModel.IMPLEMENTATION, true, LiveMetrics.class.getClassLoader())
                    .getConstructor().newInstance();
            int rows = (int) Math.max(2, Math.min(MAX_WINDOW_ROWS, WINDOW_MILLIS / Math.max(1, intervalMillis)));
            model.configure(headerLine, snapshotFile, rows);
        } catch (Throwable missing) {
            LOG.error("cannot serve metrics: the analysis classes are missing ({}); run the agent from bloatscope.jar."
                    + " Metrics are off, sampling goes on", missing.toString());
            return null;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            LOG.error("cannot serve metrics on {}: unknown host '{}'; metrics are off, sampling goes on", where, host);
            return null;
        }
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_LINES), runnable -> {
                    Thread metrics = new Thread(runnable, "bloatscope-metrics");
                    metrics.setDaemon(true);
                    metrics.setPriority(Thread.MIN_PRIORITY);
                    return metrics;
                }, new ThreadPoolExecutor.DiscardOldestPolicy());
        LiveMetrics[] self = new LiveMetrics[1];
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(address, () -> self[0] == null ? null : self[0].latest);
        } catch (IOException | RuntimeException e) {
            thread.shutdownNow();
            LOG.error("cannot serve metrics on {} ({}); metrics are off, sampling goes on", where, describe(e));
            return null;
        }
        self[0] = new LiveMetrics(model, endpoint, thread, verdictMillis);
        LOG.info("serving metrics on http://{}:{}{}", address.getAddress().getHostAddress().indexOf(':') >= 0
                ? "[" + address.getAddress().getHostAddress() + "]" : address.getAddress().getHostAddress(),
                endpoint.port(), MetricsEndpoint.PATH);
        return self[0];
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The port served, the one the system chose for port 0. */
    public int port() {
        return endpoint.port();
    }

    /** Hands one snapshot line over; called by the sampler after writing it, never waits. */
    public void offer(CharSequence line) {
        try {
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            thread.execute(() -> update(bytes));
        } catch (RejectedExecutionException closed) {
            // Stopped: nothing to serve any more.
        } catch (Throwable unexpected) {
            LOG.debug("metrics hand-over failed: {}", unexpected.toString());
        }
    }

    private void update(byte[] line) {
        try {
            long now = System.nanoTime();
            if (!started) {
                started = true;
                lastVerdictNanos = now;
            }
            boolean verdict = verdictNanos > 0 && now - lastVerdictNanos >= verdictNanos;
            if (verdict) {
                lastVerdictNanos = now;
            }
            Exposition next = model.add(line, verdict);
            if (next != null) {
                latest = next;
            }
        } catch (Throwable failure) {
            // A bug of ours in one line must not stop the metrics, nor reach the application.
            LOG.warn("metrics update failed: {}", failure.toString());
        }
    }

    @Override
    public void close() {
        try {
            endpoint.close();
        } finally {
            thread.shutdownNow();
        }
    }
}
