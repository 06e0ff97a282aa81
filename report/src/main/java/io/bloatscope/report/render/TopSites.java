package io.bloatscope.report.render;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The allocation sites behind all verdicts, largest first, each with the verdict it backs. */
final class TopSites {
    final Verdict verdict;
    final Site site;

    private TopSites(Verdict verdict, Site site) {
        this.verdict = verdict;
        this.site = site;
    }

    static List<TopSites> of(Diagnosis diagnosis, int limit) {
        List<TopSites> all = new ArrayList<>();
        for (Verdict verdict : RankedVerdicts.of(diagnosis)) {
            for (Site site : verdict.sites) {
                all.add(new TopSites(verdict, site));
            }
        }
        all.sort(Comparator.comparingLong((TopSites s) -> s.site.bytes).reversed());
        return all.size() > limit ? all.subList(0, limit) : all;
    }
}
