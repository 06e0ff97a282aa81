package io.bloatscope.report.model;

import java.util.EnumMap;
import java.util.Map;

/** RSS at one snapshot, split into {@link LedgerPart}s that add up to it. */
public final class LedgerEntry {
    public final long timeMillis;
    public final long rssBytes;
    private final long[] partBytes;

    /** @param partBytes one value per {@link LedgerPart}, in its declaration order */
    public LedgerEntry(long timeMillis, long rssBytes, long[] partBytes) {
        if (partBytes.length != LedgerPart.values().length) {
            throw new IllegalArgumentException("one value per ledger part");
        }
        this.timeMillis = timeMillis;
        this.rssBytes = rssBytes;
        this.partBytes = partBytes.clone();
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
