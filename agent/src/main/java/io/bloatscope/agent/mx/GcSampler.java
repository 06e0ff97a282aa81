package io.bloatscope.agent.mx;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.HistogramText;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collections per collector (count and accumulated time) and the distribution of pause durations
 * within the interval.
 *
 * <p>Pauses arrive as GC notifications on a JVM service thread. The listener only records into an
 * HdrHistogram {@link Recorder}, which is wait-free for the recording side; each tick swaps the
 * recorder's active and inactive histograms and gives the previous interval's one back for reuse,
 * so the steady state allocates no histograms. Collectors that run concurrently with the
 * application (G1's concurrent cycle, ZGC and Shenandoah cycles) report durations that are not
 * pauses and are left out of the pause histogram; their counts are still written.
 *
 * <p>Writes {@code "gc":{"collectors":[{"name","count","timeMillis"}],"pauseCount",
 * "pauseTotalMillis","pauseMaxMillis","pauseMillisHistogram"}} where the histogram is Base64 of
 * HdrHistogram's V2 encoding, values in milliseconds (the resolution the JVM reports).
 */
public final class GcSampler implements Sampler {
    private final List<GarbageCollectorMXBean> collectors;
    private final Recorder pauses = new Recorder(3_600_000L, 2);
    private final List<NotificationEmitter> subscribed = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final HistogramText histogramText = new HistogramText();
    /** Pauses recorded so far; counted after each recording, so a tick can tell "none since". */
    private final AtomicLong recordedPauses = new AtomicLong();
    /** {@link #recordedPauses} as read just before the last swap. */
    private long pausesAtLastSwap;
    /**
     * The histogram field of an interval without pauses, encoded once: the V2 encoding of an empty
     * histogram holds only its fixed parameters, so it never changes.
     */
    private final String emptyHistogramText;
    private Histogram interval;

    public GcSampler() {
        this(ManagementFactory.getGarbageCollectorMXBeans());
    }

    /** @param collectors whose counts are written and whose pause notifications are recorded */
    GcSampler(List<GarbageCollectorMXBean> collectors) {
        this.collectors = collectors;
        interval = pauses.getIntervalHistogram();
        emptyHistogramText = histogramText.encode(interval);
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter && !isConcurrent(collector.getName())) {
                NotificationEmitter emitter = (NotificationEmitter) collector;
                emitter.addNotificationListener(listener, null, null);
                subscribed.add(emitter);
            }
        }
    }

    static boolean isConcurrent(String collectorName) {
        String name = collectorName.toLowerCase(Locale.ROOT);
        return name.contains("concurrent") || name.contains("cycles");
    }

    @Override
    public String name() {
        return "gc";
    }

    private void onNotification(Notification notification, Object handback) {
        // Runs on a JVM thread that also serves the application's own listeners: record and leave.
        try {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                // Only the duration, read from the open data as it comes: GarbageCollectionNotificationInfo
                // .from() would rebuild a GcInfo with every pool's usage before and after, per collection.
                CompositeData gcInfo = (CompositeData) ((CompositeData) notification.getUserData()).get("gcInfo");
                recordPause(((Number) gcInfo.get("duration")).longValue());
            }
        } catch (Throwable ignored) {
            // A malformed notification costs us one pause, never the JVM's service thread.
        }
    }

    /** Called for each pause notification (and by tests). */
    void recordPause(long durationMillis) {
        pauses.recordValue(Math.min(Math.max(0, durationMillis), 3_600_000L));
        recordedPauses.incrementAndGet();
    }

    @Override
    public void sample(JsonLine out) {
        out.beginObject("gc").beginArray("collectors");
        for (GarbageCollectorMXBean collector : collectors) {
            out.beginElementObject()
                    .field("name", collector.getName())
                    .field("count", collector.getCollectionCount())
                    .field("timeMillis", collector.getCollectionTime())
                    .endObject();
        }
        out.endArray();
        // Most intervals have no pause. Swapping the recorder's histograms (clearing one) and
        // encoding an empty one were then the dearest part of this sampler, for a known result.
        // A pause recorded but not yet counted is only deferred: its count changes the next tick.
        long recorded = recordedPauses.get();
        if (recorded == pausesAtLastSwap) {
            out.field("pauseCount", 0)
                    .field("pauseTotalMillis", 0)
                    .field("pauseMaxMillis", 0)
                    .field("pauseMillisHistogram", emptyHistogramText)
                    .endObject();
            return;
        }
        pausesAtLastSwap = recorded;
        interval = pauses.getIntervalHistogram(interval);
        out.field("pauseCount", interval.getTotalCount())
                .field("pauseTotalMillis", sum(interval))
                .field("pauseMaxMillis", interval.getTotalCount() == 0 ? 0 : interval.getMaxValue())
                .field("pauseMillisHistogram", histogramText.encode(interval))
                .endObject();
    }

    private static long sum(Histogram histogram) {
        return Math.round(histogram.getMean() * histogram.getTotalCount());
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : subscribed) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (Exception alreadyGone) {
                // Nothing to undo.
            }
        }
        subscribed.clear();
    }
}
