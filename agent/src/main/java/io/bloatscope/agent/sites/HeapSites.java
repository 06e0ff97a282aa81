package io.bloatscope.agent.sites;

import io.bloatscope.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.HdrHistogram.WriterReaderPhaser;
import org.slf4j.Logger;

/**
 * Heap allocation sites from JFR, in-process.
 *
 * <p><b>Allocation:</b> a {@link RecordingStream} of {@code jdk.ObjectAllocationSample} at the
 * configured throttle, run by our daemon thread {@code bloatscope-heap-sites}; we add each
 * sample's weight to a per-site map. The sampling thread takes the map once per tick through a
 * {@link WriterReaderPhaser} (the stream's thread never waits: it writes to the active map while
 * the reader swaps in the other one).
 *
 * <p><b>Survival:</b> JFR's old-object sampler keeps a bounded, allocation-weighted sample of
 * objects and drops those that die; it writes them as {@code jdk.OldObjectSample} only when a
 * recording is dumped or stopped. A memory recording with that event (cutoff 0: no path to GC
 * roots, so no heap walk) is dumped every {@code surveyMillis} on a daemon thread of ours,
 * "bloatscope-survivors"; the dump is read, grouped by site, and published for the sampling
 * thread. A dump repeats earlier emissions, so samples are told apart by allocation time, type,
 * size and frame. Sites are ranked by surviving samples, which a leak accumulates and garbage
 * does not.
 */
public final class HeapSites implements AutoCloseable {
    private static final Logger LOG = AgentLog.get(HeapSites.class);

    private final RecordingStream stream = new RecordingStream();
    private final Recording survivors = new Recording();
    private final ScheduledExecutorService surveyThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bloatscope-survivors");
        thread.setDaemon(true);
        return thread;
    });
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Map<String, HeapSite> active = new HashMap<>();
    private Map<String, HeapSite> inactive = new HashMap<>();
    private volatile Map<String, HeapSite> lastSurvey = Map.of();
    private volatile long surveys;
    private int failuresInARow;

    public HeapSites(String allocThrottle, long surveyMillis) {
        stream.enable("jdk.ObjectAllocationSample").with("throttle", allocThrottle).withStackTrace();
        stream.onEvent("jdk.ObjectAllocationSample", this::onAllocation);
        stream.setReuse(true);
        stream.setOrdered(false);
        survivors.enable("jdk.OldObjectSample").with("cutoff", "0 ns").withStackTrace();
        survivors.setName("bloatscope-survivors");
        survivors.setToDisk(false); // a disk recording's chunks can be removed under a dump by the stream's cleanup
        survivors.setMaxAge(Duration.ofMillis(Math.max(surveyMillis * 3, 30_000)));
        // Not startAsync(): JFR makes that thread a non-daemon, which would keep the JVM alive after
        // the application's main() returns. start() runs the stream on our own daemon thread instead.
        Thread streamThread = new Thread(this::streamUntilClosed, "bloatscope-heap-sites");
        streamThread.setDaemon(true);
        streamThread.start();
        survivors.start();
        surveyThread.scheduleWithFixedDelay(this::surveySafely, surveyMillis, surveyMillis, TimeUnit.MILLISECONDS);
    }

    private void streamUntilClosed() {
        try {
            stream.start();
        } catch (Throwable e) {
            LOG.warn("heap allocation sites stopped: {}", e.toString());
        }
    }

    private void onAllocation(RecordedEvent event) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            RecordedClass type = event.getClass("objectClass");
            List<String> frames = JfrFrames.site(event.getStackTrace());
            String frame = frames.isEmpty() ? "(no stack)" : frames.get(0);
            String typeName = type == null ? "?" : type.getName();
            String key = HeapSite.key(frame, typeName);
            Map<String, HeapSite> sites = active;
            HeapSite site = sites.get(key);
            if (site == null) {
                site = new HeapSite(frame, List.copyOf(frames), typeName);
                sites.put(key, site);
            }
            site.sampledBytes += event.getLong("weight");
            site.samples++;
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    /** The allocation sites since the last call; call on the sampling thread only. */
    Map<String, HeapSite> takeInterval() {
        phaser.readerLock();
        try {
            inactive.clear();
            Map<String, HeapSite> taken = active;
            active = inactive;
            phaser.flipPhase();
            inactive = taken;
            return taken;
        } finally {
            phaser.readerUnlock();
        }
    }

    /** Surviving objects by site at the last survey (frame + type key). */
    Map<String, HeapSite> lastSurvey() {
        return lastSurvey;
    }

    long surveys() {
        return surveys;
    }

    private void surveySafely() {
        try {
            survey();
            failuresInARow = 0;
        } catch (Throwable failure) {
            // One failed dump happens when the JVM shuts down under it; only a repeated failure is news.
            if (++failuresInARow >= 3) {
                LOG.warn("heap survivor surveys failed 3 times in a row and stop: {}", failure.toString());
                surveyThread.shutdown();
            } else {
                LOG.debug("heap survivor survey failed: {}", failure.toString());
            }
        }
    }

    void survey() throws IOException {
        Path dir = Files.createTempDirectory("bloatscope-survey-");
        Path file = dir.resolve("old-objects.jfr");
        try {
            survivors.dump(file);
            Map<String, HeapSite> sites = new HashMap<>();
            Set<String> seen = new HashSet<>();
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    if (!event.getEventType().getName().equals("jdk.OldObjectSample")) {
                        continue;
                    }
                    RecordedObject object = event.getValue("object");
                    RecordedClass type = object == null ? null : object.getClass("type");
                    String typeName = type == null ? "?" : type.getName();
                    List<String> frames = JfrFrames.site(event.getStackTrace());
                    String frame = frames.isEmpty() ? "(no stack)" : frames.get(0);
                    long bytes = objectBytes(event, typeName);
                    String identity = event.getLong("allocationTime") + " " + typeName + " " + bytes + " " + frame
                            + " " + event.getInt("arrayElements");
                    if (!seen.add(identity)) {
                        continue; // the same sample emitted again by a later dump
                    }
                    HeapSite site = sites.computeIfAbsent(HeapSite.key(frame, typeName),
                            k -> new HeapSite(frame, List.copyOf(frames), typeName));
                    site.survivingCount++;
                    site.survivingBytes += Math.max(bytes, 0);
                }
            }
            lastSurvey = sites;
            surveys++;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** JDK 21+ records the object's size; on 17 it is estimated for arrays and unknown (-1) otherwise. */
    private static long objectBytes(RecordedEvent event, String typeName) {
        if (event.hasField("objectSize")) {
            return event.getLong("objectSize");
        }
        int elements = event.getInt("arrayElements");
        if (elements < 0 || !typeName.endsWith("[]")) {
            return -1;
        }
        int elementBytes;
        switch (typeName) {
            case "byte[]": case "boolean[]": elementBytes = 1; break;
            case "short[]": case "char[]": elementBytes = 2; break;
            case "int[]": case "float[]": elementBytes = 4; break;
            case "long[]": case "double[]": elementBytes = 8; break;
            default: elementBytes = 4; // compressed references
        }
        return 16 + (((long) elements * elementBytes + 7) & ~7L);
    }

    @Override
    public void close() {
        surveyThread.shutdownNow();
        try {
            stream.close();
        } catch (Throwable ignored) {
            // best effort
        }
        try {
            survivors.close();
        } catch (Throwable ignored) {
            // best effort
        }
    }
}
