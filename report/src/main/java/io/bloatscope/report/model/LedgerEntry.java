package io.bloatscope.report.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * RSS at one snapshot, split into {@link LedgerPart}s that add up to it. {@link #unmeasured} names
 * the parts no source measured in this snapshot (e.g. malloc when smaps was not sampled this time):
 * their bytes are inside {@link LedgerPart#UNEXPLAINED}, never carried over from another snapshot.
 */
public final class LedgerEntry {
    public final long timeMillis;
    public final long rssBytes;
    private final long[] partBytes;
    public final Set<LedgerPart> unmeasured;

    /** @param partBytes one value per {@link LedgerPart}, in its declaration order */
    public LedgerEntry(long timeMillis, long rssBytes, long[] partBytes) {
        this(timeMillis, rssBytes, partBytes, EnumSet.noneOf(LedgerPart.class));
    }

    public LedgerEntry(long timeMillis, long rssBytes, long[] partBytes, Set<LedgerPart> unmeasured) {
        if (partBytes.length != LedgerPart.values().length) {
            throw new IllegalArgumentException("one value per ledger part");
        }
        this.timeMillis = timeMillis;
        this.rssBytes = rssBytes;
        this.partBytes = partBytes.clone();
        this.unmeasured = Collections.unmodifiableSet(unmeasured.isEmpty() ? EnumSet.noneOf(LedgerPart.class)
                : EnumSet.copyOf(unmeasured));
    }

    public long bytes(LedgerPart part) {
        return partBytes[part.ordinal()];
    }

    public Map<LedgerPart, Long> parts() {
        Map<LedgerPart, Long> parts = new EnumMap<>(LedgerPart.class);
        for (LedgerPart part : LedgerPart.values()) {
            parts.put(part, partBytes[part.ordinal()]);
        }
        return parts;
    }
}
