package io.bloatscope.agent.core;

import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The {@code liveSet} option: requests a full collection before a snapshot (at JVM exit, and at
 * most once per interval when one is given) and records the heap in use right after it, the one
 * exact live-set measurement a run can have when the application itself rarely collects:
 * <pre>"liveSet":{"reason":"exit"|"interval","bytes":n,"gcMillis":n[,"concurrent":true]}</pre>
 * or, when the JVM ignores {@code System.gc()},
 * <pre>"liveSet":{"reason":"exit"|"interval","skipped":"-XX:+DisableExplicitGC"}</pre>
 *
 * <p>A forced full collection pauses the application, which is why this is for tests and CI and
 * off by default. It runs on the sampling thread before the samplers, so the heap section of the
 * same snapshot shows the heap after the collection.
 *
 * <p>{@code concurrent} marks a request that ran a concurrent cycle instead of a stop-the-world
 * full collection: G1 with {@code -XX:+ExplicitGCInvokesConcurrent}, ZGC, Shenandoah (whose default
 * is concurrent). {@code System.gc()} still returns only when that cycle has ended, but such a cycle
 * frees only the regions it chooses to evacuate: G1 leaves old regions with their garbage for the
 * mixed collections that follow, ZGC and Shenandoah skip pages with little garbage. The heap in use
 * right after is then an upper bound of the live set, not the live set; waiting for the later
 * mixed collections would hold the sampling thread (and exit) for an unbounded time, so the agent
 * says what it measured and leaves the weaker reading to the report.
 */
final class LiveSetRequest {
    private static final Logger LOG = AgentLog.get(LiveSetRequest.class);

    private final boolean atExit;
    private final long intervalMillis;
    private final long toleranceMillis;
    private final LongSupplier clockMillis;
    /** The JVM flag that makes {@code System.gc()} do nothing, or null when it collects. */
    private final String blockedBy;
    private final boolean concurrent;
    private final Runnable collect;
    private final LongSupplier heapUsedBytes;
    private long lastMillis;
    private boolean toldSkipped;
    private boolean failed;

    private LiveSetRequest(AgentOptions options, List<String> inputArguments, List<String> collectorNames,
            Runnable collect, LongSupplier heapUsedBytes, LongSupplier clockMillis) {
        this.atExit = options.liveSetAtExit;
        this.intervalMillis = options.liveSetIntervalMillis;
        this.toleranceMillis = options.intervalMillis * 3 / 4;
        this.clockMillis = clockMillis;
        this.blockedBy = flagOn(inputArguments, "DisableExplicitGC", false) ? "-XX:+DisableExplicitGC" : null;
        this.concurrent = runsConcurrently(inputArguments, collectorNames);
        this.collect = collect;
        this.heapUsedBytes = heapUsedBytes;
        this.lastMillis = clockMillis.getAsLong();
    }

    /** The request for this JVM, or null when {@code liveSet=off}. */
    static LiveSetRequest create(AgentOptions options) {
        if (!options.liveSetAtExit) {
            return null;
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<String> collectors = new java.util.ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(collector.getName());
        }
        return new LiveSetRequest(options, ManagementFactory.getRuntimeMXBean().getInputArguments(), collectors,
                System::gc, () -> memory.getHeapMemoryUsage().getUsed(), () -> System.nanoTime() / 1_000_000);
    }

    /** For tests: everything the request reads from the JVM is given. */
    static LiveSetRequest create(AgentOptions options, List<String> inputArguments, List<String> collectorNames,
            Runnable collect, LongSupplier heapUsedBytes, LongSupplier clockMillis) {
        return options.liveSetAtExit
                ? new LiveSetRequest(options, inputArguments, collectorNames, collect, heapUsedBytes, clockMillis)
                : null;
    }

    /**
     * Requests a collection when one is due and writes the {@code liveSet} section; writes nothing
     * otherwise. Never throws: a failing request is dropped for the run with one log line.
     *
     * @param atExitTick this is the snapshot at JVM exit
     */
    void beforeSnapshot(JsonLine snapshot, boolean atExitTick) {
        if (failed) {
            return;
        }
        long now = clockMillis.getAsLong();
        String reason;
        if (atExitTick) {
            reason = "exit";
        } else if (intervalMillis > 0 && now - lastMillis + toleranceMillis >= intervalMillis) {
            reason = "interval";
        } else {
            return;
        }
        lastMillis = now;
        if (blockedBy != null) {
            if (!toldSkipped) {
                toldSkipped = true;
                LOG.warn("liveSet: the JVM runs with {}, so System.gc() does nothing; no live set is measured",
                        blockedBy);
            }
            snapshot.beginObject("liveSet").field("reason", reason).field("skipped", blockedBy).endObject();
            return;
        }
        try {
            long startNanos = System.nanoTime();
            collect.run();
            long gcNanos = System.nanoTime() - startNanos;
            long usedBytes = heapUsedBytes.getAsLong();
            snapshot.beginObject("liveSet").field("reason", reason).field("bytes", usedBytes)
                    .field("gcMillis", gcNanos / 1_000_000);
            if (concurrent) {
                snapshot.field("concurrent", true);
            }
            snapshot.endObject();
        } catch (Throwable failure) {
            failed = true;
            LOG.warn("liveSet: requesting a collection failed and is disabled for this run: {}", failure.toString());
        }
    }

    /**
     * Whether {@code -XX:+name} (or {@code -XX:-name}) is in effect: the last occurrence wins, as
     * in HotSpot; {@code fallback} when absent.
     */
    static boolean flagOn(List<String> inputArguments, String name, boolean fallback) {
        boolean on = fallback;
        for (String argument : inputArguments) {
            if (argument.equals("-XX:+" + name)) {
                on = true;
            } else if (argument.equals("-XX:-" + name)) {
                on = false;
            }
        }
        return on;
    }

    /** Whether {@code System.gc()} runs a concurrent cycle rather than a full stop-the-world collection. */
    static boolean runsConcurrently(List<String> inputArguments, List<String> collectorNames) {
        boolean g1 = false;
        boolean z = false;
        boolean shenandoah = false;
        for (String name : collectorNames) {
            g1 |= name.startsWith("G1 ");
            z |= name.startsWith("ZGC ");
            shenandoah |= name.startsWith("Shenandoah ");
        }
        if (z) {
            return true;
        }
        // Shenandoah sets ExplicitGCInvokesConcurrent by default; G1 does not.
        return (g1 || shenandoah) && flagOn(inputArguments, "ExplicitGCInvokesConcurrent", shenandoah);
    }
}
