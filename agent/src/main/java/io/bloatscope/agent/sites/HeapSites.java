package io.bloatscope.agent.sites;

import io.bloatscope.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.WriterReaderPhaser;
import org.slf4j.Logger;

/**
 * Heap allocation sites from JFR, in-process, from one in-memory recording that the agent's daemon
 * thread {@code bloatscope-heap-sites} dumps and reads every {@code surveyMillis}.
 *
 * <p><b>Allocation:</b> the recording holds {@code jdk.ObjectAllocationSample} at the configured
 * throttle. Each survey adds the samples newer than the newest one it read before to a per-site
 * map, which the sampling thread takes once per tick through a {@link WriterReaderPhaser} (the
 * survey never waits: it writes to the active map while the reader swaps in the other one). So
 * every sample is counted once, in the first snapshot after the survey that read it.
 *
 * <p><b>Survival:</b> JFR's old-object sampler keeps a bounded, allocation-weighted sample of
 * objects and drops those that die; it writes them as {@code jdk.OldObjectSample} only when a
 * recording is dumped or stopped (cutoff 0: no path to GC roots, so no heap walk). A dump repeats
 * earlier emissions, so samples are told apart by allocation time, type, size and frame. Sites are
 * ranked by surviving samples, which a leak accumulates and garbage does not.
 *
 * <p>The old-object sampler runs in windows ({@link SurvivorWindows}): it records a stack trace at
 * every TLAB refill of every thread, which was the largest part of site tracking's cost (1.3 % of
 * the order service's request threads), and a leak is found as well by sampling a minute in four.
 * The survivors published are those alive at the end of the last window (during the first one, at
 * the last survey), so they have had a window's worth of collections to die in.
 *
 * <p>Why dumps and not a {@code RecordingStream}: a stream keeps a disk repository, flushes it
 * every second and parses it on a thread of its own; on the order service that thread alone took
 * 0.7 % of the request threads' CPU. The dump the survivors need anyway brings the allocation
 * samples along.
 */
public final class HeapSites implements AutoCloseable {
    private static final Logger LOG = AgentLog.get(HeapSites.class);
    private static final String ALLOCATION = "jdk.ObjectAllocationSample";
    private static final String OLD_OBJECT = "jdk.OldObjectSample";

    private final Recording recording = new Recording();
    private final ScheduledExecutorService surveyThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bloatscope-heap-sites");
        thread.setDaemon(true);
        return thread;
    });
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Map<String, HeapSite> active = new HashMap<>();
    private Map<String, HeapSite> inactive = new HashMap<>();
    private volatile Map<String, HeapSite> lastSurvey = Map.of();
    private volatile long surveys;
    private volatile boolean survivorWindowOpen = true;
    /** The newest allocation sample read so far, nanoseconds since the epoch; survey thread only. */
    private long newestAllocationNanos = Long.MIN_VALUE;
    private final SurvivorWindows windows;
    private int failuresInARow;

    public HeapSites(String allocThrottle, long surveyMillis) {
        windows = new SurvivorWindows(surveyMillis, System.currentTimeMillis());
        recording.enable(ALLOCATION).with("throttle", allocThrottle).withStackTrace();
        enableOldObjects();
        recording.setName("bloatscope-heap-sites");
        recording.setToDisk(false);
        recording.setMaxAge(Duration.ofMillis(Math.max(surveyMillis * 3, 30_000)));
        recording.start();
        surveyThread.scheduleWithFixedDelay(this::surveySafely, surveyMillis, surveyMillis, TimeUnit.MILLISECONDS);
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

    /** Whether JFR's old-object sampler runs now (see {@link SurvivorWindows}). */
    boolean survivorWindowOpen() {
        return survivorWindowOpen;
    }

    private void surveySafely() {
        try {
            survey();
            failuresInARow = 0;
        } catch (Throwable failure) {
            // One failed dump happens when the JVM shuts down under it; only a repeated failure is news.
            if (++failuresInARow >= 3) {
                LOG.warn("heap site surveys failed 3 times in a row and stop: {}", failure.toString());
                surveyThread.shutdown();
            } else {
                LOG.debug("heap site survey failed: {}", failure.toString());
            }
        }
    }

    void survey() throws IOException {
        Path dir = Files.createTempDirectory("bloatscope-survey-");
        Path file = dir.resolve("heap-sites.jfr");
        try {
            recording.dump(file);
            Map<String, HeapSite> allocations = new HashMap<>();
            Map<String, HeapSite> survivors = new HashMap<>();
            Set<String> seen = new HashSet<>();
            long newest = newestAllocationNanos;
            try (RecordingFile events = new RecordingFile(file)) {
                while (events.hasMoreEvents()) {
                    RecordedEvent event = events.readEvent();
                    String name = event.getEventType().getName();
                    if (byAgent(event)) {
                        continue; // the survey's own parsing, or the sampling thread: not the application's
                    }
                    if (name.equals(ALLOCATION)) {
                        long nanos = epochNanos(event.getStartTime());
                        if (nanos > newestAllocationNanos) {
                            newest = Math.max(newest, nanos);
                            addAllocation(allocations, event);
                        }
                    } else if (name.equals(OLD_OBJECT) && windows.isOpen()
                            && windows.inCurrentWindow(event.getInstant("allocationTime").toEpochMilli())) {
                        addSurvivor(survivors, seen, event);
                    }
                }
            }
            newestAllocationNanos = newest;
            publish(allocations);
            surveys++;
            long now = System.currentTimeMillis();
            if (windows.isOpen()) {
                if (windows.publishDuringWindow()) {
                    lastSurvey = survivors;
                }
                if (windows.closeIfDue(now)) {
                    lastSurvey = survivors;
                    recording.disable(OLD_OBJECT); // JFR drops the sampler and its samples
                }
            } else if (windows.openIfDue(now)) {
                enableOldObjects();
            }
            survivorWindowOpen = windows.isOpen();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Allocated by one of the agent's threads (for old-object samples: the allocating thread). */
    private static boolean byAgent(RecordedEvent event) {
        RecordedThread thread = event.getThread();
        String name = thread == null ? null : thread.getJavaName();
        return name != null && name.startsWith(NativeTracker.AGENT_THREAD_PREFIX);
    }

    private void enableOldObjects() {
        recording.enable(OLD_OBJECT).with("cutoff", "0 ns").withStackTrace();
    }

    private static void addAllocation(Map<String, HeapSite> sites, RecordedEvent event) {
        RecordedClass type = event.getClass("objectClass");
        List<String> frames = JfrFrames.site(event.getStackTrace());
        String frame = frames.isEmpty() ? "(no stack)" : frames.get(0);
        String typeName = type == null ? "?" : type.getName();
        HeapSite site = sites.computeIfAbsent(HeapSite.key(frame, typeName),
                k -> new HeapSite(frame, List.copyOf(frames), typeName));
        site.sampledBytes += event.getLong("weight");
        site.samples++;
    }

    private static void addSurvivor(Map<String, HeapSite> sites, Set<String> seen, RecordedEvent event) {
        RecordedObject object = event.getValue("object");
        RecordedClass type = object == null ? null : object.getClass("type");
        String typeName = type == null ? "?" : type.getName();
        List<String> frames = JfrFrames.site(event.getStackTrace());
        String frame = frames.isEmpty() ? "(no stack)" : frames.get(0);
        long bytes = objectBytes(event, typeName);
        String identity = event.getLong("allocationTime") + " " + typeName + " " + bytes + " " + frame
                + " " + event.getInt("arrayElements");
        if (!seen.add(identity)) {
            return; // the same sample emitted again by a later dump
        }
        HeapSite site = sites.computeIfAbsent(HeapSite.key(frame, typeName),
                k -> new HeapSite(frame, List.copyOf(frames), typeName));
        site.survivingCount++;
        site.survivingBytes += Math.max(bytes, 0);
    }

    /** Adds a survey's allocation samples to the map the sampling thread takes next. */
    private void publish(Map<String, HeapSite> allocations) {
        long phase = phaser.writerCriticalSectionEnter();
        try {
            Map<String, HeapSite> sites = active;
            for (Map.Entry<String, HeapSite> entry : allocations.entrySet()) {
                HeapSite site = sites.putIfAbsent(entry.getKey(), entry.getValue());
                if (site != null) {
                    site.sampledBytes += entry.getValue().sampledBytes;
                    site.samples += entry.getValue().samples;
                }
            }
        } finally {
            phaser.writerCriticalSectionExit(phase);
        }
    }

    private static long epochNanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
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
            recording.close();
        } catch (Throwable ignored) {
            // best effort
        }
    }
}
