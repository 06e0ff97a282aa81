package io.bloatscope.format;

import java.util.List;

/**
 * The names the history tiers add to the snapshot format, shared by the agent that writes the tiers
 * and the report that reads them (docs/snapshot-format.md, "History tiers").
 */
public final class HistoryNames {
    /** A tier file is the exact file's name plus this and the tier's level: {@code app.jsonl.tier1}. */
    public static final String FILE_SUFFIX = ".tier";
    /** The object added after {@code type} in a tier's header and in each of its snapshots. */
    public static final String TIER = "tier";
    public static final String LEVEL = "level";
    public static final String SPAN_MILLIS = "spanMillis";
    public static final String FROM_MILLIS = "fromMillis";
    public static final String SNAPSHOTS = "snapshots";
    public static final String HOLDS = "holds";

    /** The tiers there are: {@code .tier1} (finest) to {@code .tier3}. */
    public static final int LEVELS = 3;
    /** What a picked snapshot holds, in the order of the agent's figures. */
    public static final List<String> PICK_NAMES = List.of("rssMax", "rssMin", "liveSetMax", "nmtMax", "last");

    /** The line prefix every snapshot and header starts with, as JsonLine writes it. */
    public static final String SNAPSHOT_PREFIX = "{\"type\":\"snapshot\",";
    public static final String HEADER_PREFIX = "{\"type\":\"header\",";

    private HistoryNames() {
    }
}
