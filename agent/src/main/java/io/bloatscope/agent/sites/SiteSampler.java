package io.bloatscope.agent.sites;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.HistogramText;
import io.bloatscope.agent.write.JsonLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code sites} section: native sites (cumulative since tracking started, largest live
 * bytes first) and heap sites (allocation samples read since the last snapshot, survivors at the last survey, most
 * survivors first), each list at most {@code maxSites} long plus an {@code other} entry.
 */
public final class SiteSampler implements Sampler {
    private final NativeSites nativeSites;
    private final HeapSites heapSites;
    private final int maxSites;
    private final HistogramText histogramText = new HistogramText();

    /** Either source may be null (switched off). */
    public SiteSampler(NativeSites nativeSites, HeapSites heapSites, int maxSites) {
        this.nativeSites = nativeSites;
        this.heapSites = heapSites;
        this.maxSites = maxSites;
    }

    @Override
    public String name() {
        return "sites";
    }

    @Override
    public void sample(JsonLine snapshot) {
        snapshot.beginObject("sites");
        if (nativeSites != null) {
            writeNative(snapshot, nativeSites.tracker);
        }
        if (heapSites != null) {
            writeHeap(snapshot);
        }
        snapshot.endObject();
    }

    private void writeNative(JsonLine line, NativeTracker tracker) {
        tracker.poll();
        line.beginArray("native");
        for (NativeSite site : tracker.sites()) {
            writeFrames(line.beginElementObject(), site.frame, site.frames);
            if (site.via != null) {
                line.field("via", site.via);
            }
            line.field("kind", NativeBridge.KIND_NAMES[site.kind])
                    .field("allocatedCount", site.allocatedCount.sum())
                    .field("allocatedBytes", site.allocatedBytes.sum())
                    .field("releasedCount", site.releasedCount.sum())
                    .field("releasedBytes", site.releasedBytes.sum())
                    .field("collectedCount", site.collectedCount.sum())
                    .field("collectedBytes", site.collectedBytes.sum())
                    .field("liveCount", site.liveCount())
                    .field("liveBytes", site.liveBytes())
                    .field("sizeHistogram", histogramText.encode(site.sizeHistogram()))
                    .endObject();
        }
        line.endArray();
        long[] unsafe = NativeBridge.unsafeTotals();
        line.beginObject("nativeTotals")
                .field("trackedOwners", tracker.trackedOwners())
                .field("untracked", tracker.untracked.sum())
                .field("ownersNotSampled", tracker.ownersNotSampled.sum())
                .field("ownerSampleOneIn", tracker.ownerSampleOneIn())
                .field("unsafeAllocations", unsafe[0])
                .field("unsafeAllocatedBytes", unsafe[1])
                .field("unsafeReallocations", tracker.unsafeReallocations.sum())
                .field("unsafeFrees", unsafe[2])
                .field("unsafeSamples", tracker.unsafeSamples.sum())
                .field("unsafeSampleMeanBytes", tracker.unsafeSampleMeanBytes())
                .endObject();
    }

    private void writeHeap(JsonLine line) {
        Map<String, HeapSite> merged = new HashMap<>();
        for (Map.Entry<String, HeapSite> entry : heapSites.takeInterval().entrySet()) {
            HeapSite from = entry.getValue();
            HeapSite site = new HeapSite(from.frame, from.frames, from.type);
            site.sampledBytes = from.sampledBytes;
            site.samples = from.samples;
            merged.put(entry.getKey(), site);
        }
        for (Map.Entry<String, HeapSite> entry : heapSites.lastSurvey().entrySet()) {
            HeapSite from = entry.getValue();
            HeapSite site = merged.computeIfAbsent(entry.getKey(), k -> new HeapSite(from.frame, from.frames, from.type));
            site.survivingCount = from.survivingCount;
            site.survivingBytes = from.survivingBytes;
        }
        List<HeapSite> ranked = new ArrayList<>(merged.values());
        ranked.sort((a, b) -> a.survivingCount != b.survivingCount
                ? Long.compare(b.survivingCount, a.survivingCount)
                : Long.compare(b.sampledBytes, a.sampledBytes));
        HeapSite other = new HeapSite(NativeSite.OTHER, List.of(), NativeSite.OTHER);
        line.beginArray("heap");
        for (int i = 0; i < ranked.size(); i++) {
            HeapSite site = ranked.get(i);
            if (i >= maxSites) {
                other.sampledBytes += site.sampledBytes;
                other.samples += site.samples;
                other.survivingCount += site.survivingCount;
                other.survivingBytes += site.survivingBytes;
                continue;
            }
            writeHeapSite(line, site);
        }
        if (ranked.size() > maxSites) {
            writeHeapSite(line, other);
        }
        line.endArray();
        line.field("heapSurveys", heapSites.surveys());
        line.field("heapSurvivorWindowOpen", heapSites.survivorWindowOpen());
    }

    /** A site's {@code frame} and {@code frames} fields, the same for native and heap sites. */
    private static JsonLine writeFrames(JsonLine line, String frame, List<String> frames) {
        line.field("frame", frame).beginArray("frames");
        for (String caller : frames) {
            line.element(caller);
        }
        return line.endArray();
    }

    private static void writeHeapSite(JsonLine line, HeapSite site) {
        writeFrames(line.beginElementObject(), site.frame, site.frames)
                .field("type", site.type)
                .field("sampledBytes", site.sampledBytes)
                .field("samples", site.samples)
                .field("survivingCount", site.survivingCount)
                .field("survivingBytes", site.survivingBytes)
                .endObject();
    }

    @Override
    public void close() {
        if (nativeSites != null) {
            nativeSites.uninstall();
        }
        if (heapSites != null) {
            heapSites.close();
        }
    }
}
