package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Site;
import java.util.List;

/**
 * How much JFR's old-object survivors point at one site: the top heap site's share of all surviving
 * samples, 0 when there are too few survivors to say anything. A leak's objects pile up at its site;
 * churn spreads over many. Survival only means "not collected yet": without a collection since the
 * samples were taken it proves nothing about liveness, so callers use it to name and rank suspects,
 * never alone to call a leak.
 */
final class SurvivorShare {
    static final long MIN_SURVIVORS = 10;

    private SurvivorShare() {
    }

    static double of(List<Site> heapSites) {
        long total = 0;
        long top = 0;
        for (Site site : heapSites) {
            long count = survivors(site);
            total += count;
            top = Math.max(top, count);
        }
        return total < MIN_SURVIVORS ? 0 : (double) top / total;
    }

    static long survivors(Site site) {
        Object value = site.details.get("survivingCount");
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}
