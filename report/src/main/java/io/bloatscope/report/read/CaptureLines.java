package io.bloatscope.report.read;

import io.bloatscope.report.model.Capture;
import io.bloatscope.report.model.Site;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the agent's capture lines into {@link Capture}s: the capture's own fields, and from the
 * snapshot it embeds the figures a person reads first (RSS, heap, NMT, malloc, arenas, buffers,
 * threads) and its top {@value #TOP_SITES} native and heap sites. Lines missing the fields a
 * capture needs are left out: the reader must accept what an older or newer agent wrote.
 */
public final class CaptureLines {
    static final int TOP_SITES = 5;

    /** Snapshot field → evidence key; the figures a capture shows, each absent when not sampled. */
    private static final String[][] EVIDENCE = {
        {"process.vmRssBytes", "rssBytes"},
        {"process.rssAnonBytes", "rssAnonBytes"},
        {"heap.usedBytes", "heapUsedBytes"},
        {"heap.committedBytes", "heapCommittedBytes"},
        {"nonHeap.metaspaceCommittedBytes", "metaspaceCommittedBytes"},
        {"nmt.totalCommittedBytes", "nmtCommittedBytes"},
        {"nmt.totalMallocBytes", "nmtMallocBytes"},
        {"mallocInfo.inUseBytes", "mallocInUseBytes"},
        {"mallocInfo.freeBytes", "mallocFreeBytes"},
        {"mallocInfo.arenaCount", "mallocArenaCount"},
        {"smaps.anonRssBytes", "smapsAnonRssBytes"},
        {"smaps.arenaHeapRssBytes", "arenaHeapRssBytes"},
        {"smaps.mainArenaRssBytes", "mainArenaRssBytes"},
        {"cgroup.usageBytes", "cgroupUsageBytes"},
        {"process.threads", "osThreadCount"},
    };

    private CaptureLines() {
    }

    public static List<Capture> of(List<Map<String, Object>> lines) {
        List<Capture> captures = new ArrayList<>();
        for (Map<String, Object> line : lines) {
            Capture capture = of(line);
            if (capture != null) {
                captures.add(capture);
            }
        }
        return captures;
    }

    /** The capture, or null when the line lacks its time, threshold, limit or usage. */
    static Capture of(Map<String, Object> line) {
        Number time = number(line, "timeMillis");
        Number threshold = number(line, "threshold");
        Number limit = number(line, "limitBytes");
        Number usage = number(line, "usageBytes");
        if (time == null || threshold == null || limit == null || usage == null) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        Object snapshot = line.get("snapshot");
        @SuppressWarnings("unchecked")
        Map<String, Object> embedded = snapshot instanceof Map ? (Map<String, Object>) snapshot : Map.of();
        for (String[] figure : EVIDENCE) {
            Number value = number(embedded, figure[0]);
            if (value != null) {
                evidence.put(figure[1], value);
            }
        }
        Number directBytes = directBufferBytes(embedded);
        if (directBytes != null) {
            evidence.put("directBufferBytes", directBytes);
        }
        copy(line, "threads.live", evidence, "javaThreadCount");
        copy(line, "threads.stackSizeBytes", evidence, "threadStackSizeBytes");
        copy(line, "growth.windowMillis", evidence, "growthWindowMillis");
        Number growth = number(line, "growth.bytesPerMinute");
        Number seconds = number(line, "secondsToLimit");
        List<Site> sites = new ArrayList<>(top(embedded, "sites.native", "liveBytes", "kind", "liveCount"));
        sites.addAll(top(embedded, "sites.heap", "survivingBytes", "type", "survivingCount"));
        return new Capture(time.longValue(), threshold.doubleValue(), limit.longValue(),
                String.valueOf(line.get("limitSource")), usage.longValue(), String.valueOf(line.get("usage")),
                growth == null ? null : growth.longValue(), seconds == null ? null : seconds.longValue(), evidence,
                sites);
    }

    private static Number directBufferBytes(Map<String, Object> snapshot) {
        Object buffers = snapshot.get("buffers");
        if (!(buffers instanceof List)) {
            return null;
        }
        for (Object pool : (List<?>) buffers) {
            if (pool instanceof Map && "direct".equals(((Map<?, ?>) pool).get("name"))) {
                Object used = ((Map<?, ?>) pool).get("usedBytes");
                return used instanceof Number ? (Number) used : null;
            }
        }
        return null;
    }

    private static List<Site> top(Map<String, Object> snapshot, String path, String bytesKey, String... detailKeys) {
        List<Map<?, ?>> found = new ArrayList<>();
        Object list = Fields.get(snapshot, path);
        if (list instanceof List) {
            for (Object element : (List<?>) list) {
                if (element instanceof Map && !"other".equals(((Map<?, ?>) element).get("frame"))
                        && ((Map<?, ?>) element).get(bytesKey) instanceof Number
                        && ((Number) ((Map<?, ?>) element).get(bytesKey)).longValue() > 0) {
                    found.add((Map<?, ?>) element);
                }
            }
        }
        found.sort(Comparator.comparingLong((Map<?, ?> site) -> ((Number) site.get(bytesKey)).longValue()).reversed());
        List<Site> sites = new ArrayList<>();
        for (Map<?, ?> site : found.subList(0, Math.min(TOP_SITES, found.size()))) {
            Map<String, Object> details = new LinkedHashMap<>();
            for (String key : detailKeys) {
                if (site.get(key) != null) {
                    details.put(key, site.get(key));
                }
            }
            sites.add(new Site(String.valueOf(site.get("frame")), ((Number) site.get(bytesKey)).longValue(), details));
        }
        return sites;
    }

    private static void copy(Map<String, Object> from, String path, Map<String, Object> to, String key) {
        Number value = number(from, path);
        if (value != null) {
            to.put(key, value);
        }
    }

    private static Number number(Map<String, Object> object, String path) {
        Object value = Fields.get(object, path);
        return value instanceof Number ? (Number) value : null;
    }
}
