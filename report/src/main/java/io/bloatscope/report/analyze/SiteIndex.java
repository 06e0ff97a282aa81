package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.VerdictKind;
import java.util.List;

/**
 * Allocation sites behind a verdict. When the agent tracked sites ({@code nativeSites},
 * {@code heapSites}), {@link SnapshotSites} indexes them and
 * {@link Diagnoser#diagnose(io.bloatscope.report.read.RunColumns, SiteIndex)} attaches the top
 * sites of the growing kind to the leak verdict; otherwise every verdict's site list is empty:
 * none are invented.
 */
public interface SiteIndex {
    SiteIndex NONE = (kind, category) -> List.of();

    /**
     * @param kind the verdict kind
     * @param category for native leaks the NMT category or "untracked"; null otherwise
     * @return sites, largest first
     */
    List<Site> sitesFor(VerdictKind kind, String category);

    /** Every native site the agent recorded, with its figures (empty without {@code nativeSites}). */
    default List<NativeSiteFigures> nativeSites() {
        return List.of();
    }
}
