package io.bloatscope.agent.jvm;

import io.bloatscope.format.text.LineCursor;

/**
 * What one {@code System.trim_native_heap} (glibc {@code malloc_trim(0)}) gave back.
 *
 * <p>Output formats handled:
 * <ul>
 * <li>JDK 17.0.9+ and 21+ (captured on 17.0.15 and 25.0.3, identical):
 *     {@code Trim native heap: RSS+Swap: 186M->159M (-27572K)}. HotSpot prints each size in the
 *     largest unit that keeps at least three digits and truncates, so before and after are exact
 *     only to that unit (here 1 MiB); the change in parentheses is printed separately and is more
 *     precise, so {@link #releasedBytes()} comes from it, not from before − after.</li>
 * <li>JDK 18 to 20 (from HotSpot's source, not captured): {@code RSS before: Nk, after: Nk, (Nk)}
 *     and {@code Swap before: ...} lines; RSS and swap are added up to match the newer format.</li>
 * <li>{@code Trim native heap: (no details available).}: trimmed, sizes unknown.</li>
 * <li>{@code Not available.}: not glibc (musl) or not Linux: {@link #supported()} is false.</li>
 * </ul>
 * Sizes unknown are -1.
 */
public final class TrimResult {
    private final boolean supported;
    private final long rssBeforeBytes;
    private final long rssAfterBytes;
    private final long releasedBytes;
    private final long durationMillis;

    private TrimResult(boolean supported, long rssBeforeBytes, long rssAfterBytes, long releasedBytes,
            long durationMillis) {
        this.supported = supported;
        this.rssBeforeBytes = rssBeforeBytes;
        this.rssAfterBytes = rssAfterBytes;
        this.releasedBytes = releasedBytes;
        this.durationMillis = durationMillis;
    }

    public boolean supported() {
        return supported;
    }

    /** Whether the sizes are known (the JVM could read its RSS before and after). */
    public boolean hasSizes() {
        return rssBeforeBytes >= 0 && rssAfterBytes >= 0;
    }

    /** RSS plus swap before the trim, or -1. */
    public long rssBeforeBytes() {
        return rssBeforeBytes;
    }

    /** RSS plus swap after the trim, or -1. */
    public long rssAfterBytes() {
        return rssAfterBytes;
    }

    /** How much RSS+swap went down (negative if it grew meanwhile); 0 when sizes are unknown. */
    public long releasedBytes() {
        return releasedBytes;
    }

    /** How long the command took, or -1 for a result parsed from text alone. */
    public long durationMillis() {
        return durationMillis;
    }

    TrimResult withDurationMillis(long millis) {
        return new TrimResult(supported, rssBeforeBytes, rssAfterBytes, releasedBytes, millis);
    }

    static TrimResult parse(String text) {
        LineCursor cursor = new LineCursor().reset(text);
        long rss = -1;
        long swap = -1;
        long[] rssLine = null;
        long[] swapLine = null;
        boolean trimmed = false;
        while (cursor.nextLine()) {
            cursor.skipSpaces();
            if (cursor.at("Not available") || cursor.find("not supported")) {
                return new TrimResult(false, -1, -1, 0, -1);
            }
            cursor.position(cursor.lineStart());
            if (cursor.find("RSS+Swap:")) {
                long before = cursor.readBytes();
                long after = cursor.skip("->") ? cursor.readBytes() : LineCursor.NONE;
                long change = cursor.find("(") ? cursor.readBytes() : LineCursor.NONE;
                if (before == LineCursor.NONE || after == LineCursor.NONE) {
                    throw new IllegalArgumentException("unreadable trim sizes: " + text.strip());
                }
                long released = change == LineCursor.NONE ? before - after : -change;
                return new TrimResult(true, before, after, released, -1);
            }
            cursor.position(cursor.lineStart());
            if (cursor.lineStartsWith("Trim native heap") || cursor.lineStartsWith("Done.")
                    || cursor.find("no details available") || cursor.find("No details available")) {
                trimmed = true;
            } else if (cursor.skip("RSS before:")) {
                rssLine = beforeAfter(cursor);
            } else if (cursor.skip("Swap before:")) {
                swapLine = beforeAfter(cursor);
            }
        }
        if (rssLine != null) {
            long before = rssLine[0] + (swapLine != null ? swapLine[0] : 0);
            long after = rssLine[1] + (swapLine != null ? swapLine[1] : 0);
            return new TrimResult(true, before, after, before - after, -1);
        }
        if (trimmed) {
            return new TrimResult(true, -1, -1, 0, -1);
        }
        throw new IllegalArgumentException("unrecognised trim output: " + text.strip());
    }

    /** "Nk, after: Nk, (Nk)" → {before, after} in bytes. */
    private static long[] beforeAfter(LineCursor cursor) {
        long before = cursor.readBytes();
        long after = cursor.find("after:") ? cursor.readBytes() : LineCursor.NONE;
        if (before == LineCursor.NONE || after == LineCursor.NONE) {
            throw new IllegalArgumentException("unreadable trim sizes");
        }
        return new long[] {before, after};
    }

    @Override
    public String toString() {
        if (!supported) {
            return "trim not supported";
        }
        return hasSizes()
                ? "trim released " + releasedBytes + " bytes (RSS+swap " + rssBeforeBytes + " -> " + rssAfterBytes
                        + ") in " + durationMillis + " ms"
                : "trimmed, no sizes, in " + durationMillis + " ms";
    }
}
