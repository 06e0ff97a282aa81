package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.RunTail;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allocation sites the agent recorded ({@code nativeSites}, {@code heapSites}), as of the
 * latest snapshot that carries them, matched to the verdicts they explain:
 * <ul>
 * <li>HEAP_LEAK: heap sites ranked by surviving samples (objects still alive), not allocation rate;
 * <li>DIRECT_BUFFER_LEAK: direct-buffer sites, THREAD_LEAK: thread sites, by live count and bytes;
 * <li>NATIVE_LEAK untracked by NMT: the JDK's native resources that malloc outside NMT (Inflater,
 * Deflater, ZipFile, mapped files); tracked in "Other": Unsafe allocations.
 * </ul>
 * Sites' per-snapshot figures are cumulative (live = allocated and neither released nor
 * collected), so the latest snapshot holds what is still live at the end of the run.
 *
 * <p>The reader hands over the latest snapshot's sites ({@link RunTail#sites}); nothing here reads
 * the file.
 */
final class SnapshotSites implements SiteIndex {
    static final int MAX_SITES = 10;

    private final List<Map<String, Object>> nativeSites;
    private final List<Map<String, Object>> heapSites;

    private SnapshotSites(List<Map<String, Object>> nativeSites, List<Map<String, Object>> heapSites) {
        this.nativeSites = nativeSites;
        this.heapSites = heapSites;
    }

    /** The sites of the run's latest snapshot that has them, or {@link SiteIndex#NONE}. */
    static SiteIndex of(RunTail tail) {
        Object sites = tail.sites();
        if (sites == null) {
            return NONE;
        }
        return new SnapshotSites(objects(Fields.getList(sites, "native")), objects(Fields.getList(sites, "heap")));
    }

    @Override
    public List<Site> sitesFor(VerdictKind kind, String category) {
        switch (kind) {
            case HEAP_LEAK:
                return heap();
            case DIRECT_BUFFER_LEAK:
                return live(Set.of("direct"));
            case THREAD_LEAK:
                return live(Set.of("thread"));
            case NATIVE_LEAK:
                return "untracked".equals(category) ? live(Set.of("inflater", "deflater", "zip", "mmap"))
                        : live(Set.of("unsafe"));
            case NATIVE_HELD:
                return live(Set.of("inflater", "deflater", "zip", "mmap"));
            default:
                return List.of();
        }
    }

    @Override
    public List<NativeSiteFigures> nativeSites() {
        List<NativeSiteFigures> out = new ArrayList<>();
        for (Map<String, Object> site : nativeSites) {
            Object frames = site.get("frames");
            out.add(new NativeSiteFigures(String.valueOf(site.get("kind")), String.valueOf(site.get("frame")),
                    frames instanceof List ? Fields.getList(site, "frames") : List.of(), number(site, "allocatedCount"),
                    number(site, "allocatedBytes"), number(site, "releasedCount"), number(site, "collectedCount"),
                    number(site, "collectedBytes"), number(site, "liveCount"), number(site, "liveBytes")));
        }
        return out;
    }

    private List<Site> live(Set<String> kinds) {
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> site : nativeSites) {
            if (kinds.contains(String.valueOf(site.get("kind"))) && number(site, "liveCount") > 0) {
                matching.add(site);
            }
        }
        matching.sort(Comparator.comparingLong((Map<String, Object> s) -> number(s, "liveBytes"))
                .thenComparingLong(s -> number(s, "liveCount")).reversed());
        List<Site> sites = new ArrayList<>();
        for (Map<String, Object> site : matching.subList(0, Math.min(MAX_SITES, matching.size()))) {
            sites.add(new Site(String.valueOf(site.get("frame")), number(site, "liveBytes"), details(site,
                    "kind", "liveCount", "liveBytes", "allocatedCount", "allocatedBytes", "releasedCount",
                    "collectedCount", "via", "frames")));
        }
        return sites;
    }

    private List<Site> heap() {
        List<Map<String, Object>> surviving = new ArrayList<>();
        for (Map<String, Object> site : heapSites) {
            if (number(site, "survivingCount") > 0) {
                surviving.add(site);
            }
        }
        surviving.sort(Comparator.comparingLong((Map<String, Object> s) -> number(s, "survivingCount"))
                .thenComparingLong(s -> number(s, "sampledBytes")).reversed());
        List<Site> sites = new ArrayList<>();
        for (Map<String, Object> site : surviving.subList(0, Math.min(MAX_SITES, surviving.size()))) {
            long bytes = Math.max(number(site, "survivingBytes"), 0);
            sites.add(new Site(String.valueOf(site.get("frame")), bytes, details(site, "type", "survivingCount",
                    "survivingBytes", "sampledBytes", "samples", "frames")));
        }
        return sites;
    }

    private static Map<String, Object> details(Map<String, Object> site, String... keys) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String key : keys) {
            if (site.containsKey(key)) {
                details.put(key, site.get(key));
            }
        }
        return details;
    }

    private static long number(Map<String, Object> site, String key) {
        Object value = site.get(key);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(List<Object> list) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object element : list) {
            if (element instanceof Map && !"other".equals(((Map<String, Object>) element).get("frame"))) {
                objects.add((Map<String, Object>) element);
            }
        }
        return objects;
    }
}
