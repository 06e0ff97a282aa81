package io.bloatscope.agent.history;

import io.bloatscope.format.HistoryNames;

/**
 * Builds a tier's lines: a picked snapshot as it was written, with a {@code tier} object after its
 * type saying which span it stands for and what it is the pick of; and a tier file's header, the
 * run's header with the tier's level and span. Keeping the snapshot whole (not a summary of it)
 * means a reader needs nothing new to read it, and a ledger built from it adds up.
 */
final class TierLine {
    private TierLine() {
    }

    /** Fills {@code into} with the pick in {@code slot}; false when its text is not a snapshot line. */
    static boolean write(StringBuilder into, Span span, int slot, int level, long spanMillis) {
        CharSequence text = span.text(slot);
        if (!startsWith(text, HistoryNames.SNAPSHOT_PREFIX)) {
            return false;
        }
        into.setLength(0);
        into.append(HistoryNames.SNAPSHOT_PREFIX)
                .append('"').append(HistoryNames.TIER).append("\":{")
                .append('"').append(HistoryNames.LEVEL).append("\":").append(level)
                .append(",\"").append(HistoryNames.SPAN_MILLIS).append("\":").append(spanMillis)
                .append(",\"").append(HistoryNames.FROM_MILLIS).append("\":").append(span.fromMillis())
                .append(",\"").append(HistoryNames.SNAPSHOTS).append("\":").append(span.snapshots())
                .append(",\"").append(HistoryNames.HOLDS).append("\":[");
        boolean first = true;
        for (int other = 0; other <= Span.LAST; other++) {
            if (span.sameSnapshot(slot, other)) {
                into.append(first ? "\"" : ",\"").append(HistoryNames.PICK_NAMES.get(other)).append('"');
                first = false;
            }
        }
        into.append("]},");
        into.append(text, HistoryNames.SNAPSHOT_PREFIX.length(), text.length());
        return true;
    }

    /** The run's header line with {@code "tier":{"level":…,"spanMillis":…}} after its type. */
    static CharSequence header(CharSequence runHeader, int level, long spanMillis) {
        if (!startsWith(runHeader, HistoryNames.HEADER_PREFIX)) {
            return runHeader;
        }
        return new StringBuilder(runHeader.length() + 48)
                .append(HistoryNames.HEADER_PREFIX)
                .append('"').append(HistoryNames.TIER).append("\":{")
                .append('"').append(HistoryNames.LEVEL).append("\":").append(level)
                .append(",\"").append(HistoryNames.SPAN_MILLIS).append("\":").append(spanMillis)
                .append("},")
                .append(runHeader, HistoryNames.HEADER_PREFIX.length(), runHeader.length());
    }

    private static boolean startsWith(CharSequence text, String prefix) {
        if (text.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
