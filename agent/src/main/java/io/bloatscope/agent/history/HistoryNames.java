package io.bloatscope.agent.history;

/**
 * The names the history tiers add to the snapshot format, in one place so that the writer and the
 * format reference (docs/format.md, "History tiers") cannot drift, and so they can move to a shared
 * format module as they are.
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

    /** What a picked snapshot holds, in {@link Figure} order. */
    static final String[] PICK_NAMES = {"rssMax", "rssMin", "liveSetMax", "nmtMax", "last"};

    /** The line prefix every snapshot and header starts with, as JsonLine writes it. */
    static final String SNAPSHOT_PREFIX = "{\"type\":\"snapshot\",";
    static final String HEADER_PREFIX = "{\"type\":\"header\",";

    private HistoryNames() {
    }
}
