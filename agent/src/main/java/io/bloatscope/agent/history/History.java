package io.bloatscope.agent.history;

import io.bloatscope.format.HistoryNames;

import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.slf4j.Logger;

/**
 * A run's history in tiers (docs/snapshot-format.md, "History tiers"): the exact snapshot file, closed into a
 * new part by age as well as by size so that its {@code maxFiles} parts cover the window, and three
 * coarse tiers of spans {@code window/60}, {@code window/6} and {@code window} (1 min, 10 min, 1 h
 * for the default hour) that keep whole snapshots for every peak. The sampling thread hands it each
 * snapshot once written; nothing here throws to it: a failure is logged once and the tiers stop,
 * while the exact file goes on as without history.
 *
 * <p>Memory is bounded: per tier one span of at most five snapshot texts (lines over
 * {@link #MAX_PICKED_CHARS} are never picked), reused from span to span.
 */
public final class History {
    private static final Logger LOG = AgentLog.get(History.class);
    /** A line longer than this (a huge site table) stays in the exact tier only. */
    static final int MAX_PICKED_CHARS = 2 << 20;
    /** Tier spans as fractions of the window, and how many windows each tier keeps at least. */
    private static final long[] SPAN_DIVISORS = {60, 6, 1};
    private static final long[] RETENTION_WINDOWS = {3, 12, 192};
    /**
     * A tier whose span holds fewer snapshots than this is not written: keeping up to five picks of
     * six snapshots (the first tier at the default 10 s) would cost nearly what the exact file does.
     */
    static final long MIN_SNAPSHOTS_PER_SPAN = 10;
    /** Tier parts smaller than this (a {@code maxSize} under 2.5 MB) would hold a header and a pick or two: no tiers then. */
    static final long MIN_TIER_PART_BYTES = 64 << 10;

    private final long windowMillis;
    private final long exactPartMillis;
    private final Tier first;
    private final Tier coarsest;
    private final long[] figures = new long[Figure.ALL.length];
    private long ordinal;
    private int exactPart = -1;
    private long exactPartFromMillis = Long.MIN_VALUE;
    private boolean failed;

    private History(long windowMillis, int maxFiles, Tier first, Tier coarsest) {
        this.windowMillis = windowMillis;
        // without tiers the exact parts keep rotating by size only, as with history=off: a small
        // maxSize with many files keeps the long history the user asked for
        this.exactPartMillis = first == null ? Long.MAX_VALUE : windowMillis / Math.max(1, maxFiles - 1);
        this.first = first;
        this.coarsest = coarsest;
    }

    /**
     * Opens the tier files next to {@code exact} (see {@link #tierPath}).
     *
     * @param intervalMillis the sampling interval: a tier spanning fewer than {@link #MIN_SNAPSHOTS_PER_SPAN}
     *     intervals is left out
     * @param maxSizeBytes the user's {@code maxSize}; a tier part is capped at a fortieth of it
     * @param runHeader the run's header for a part number, to which each tier adds its level
     * @param append continue the tier files of a reconfigured agent instead of starting anew
     */
    public static History open(Path exact, long windowMillis, long intervalMillis, long maxSizeBytes, int maxFiles,
            IntFunction<CharSequence> runHeader, boolean append) throws IOException {
        Tier upper = null;
        Tier created = null;
        Tier coarsest = null;
        if (!fits(maxSizeBytes)) {
            LOG.info("no history tiers with maxSize under {} KB: parts rotate by size only, as with history=off",
                    MIN_TIER_PART_BYTES * 40 >> 10);
            return new History(windowMillis, maxFiles, null, null);
        }
        try {
            for (int i = SPAN_DIVISORS.length - 1; i >= 0; i--) {
                int level = i + 1;
                long spanMillis = Math.max(1, windowMillis / SPAN_DIVISORS[i]);
                if (spanMillis < MIN_SNAPSHOTS_PER_SPAN * intervalMillis && i < SPAN_DIVISORS.length - 1) {
                    continue; // too few snapshots a span to be worth it (the coarsest tier is always written)
                }
                Tier.Opener file = () -> new SnapshotFile(tierPath(exact, level), tierPartBytes(maxSizeBytes),
                        Tier.PARTS, part -> TierLine.header(runHeader.apply(part), level, spanMillis), append);
                created = new Tier(level, spanMillis, windowMillis * RETENTION_WINDOWS[i], file, upper);
                upper = created;
                if (coarsest == null) {
                    coarsest = created;
                }
            }
        } catch (RuntimeException e) {
            if (upper != null) {
                upper.close();
            }
            throw e;
        }
        return new History(windowMillis, maxFiles, created, coarsest);
    }

    /** Where tier {@code level} (1 finest) of the snapshot file {@code exact} is written. */
    public static Path tierPath(Path exact, int level) {
        return exact.resolveSibling(exact.getFileName() + HistoryNames.FILE_SUFFIX + level);
    }

    /**
     * The size at which a part of the exact tier is closed when history is on: with the twelve tier
     * parts of at most {@code maxSize/40} each, the run stays within {@code maxSize × maxFiles}.
     */
    public static long exactPartBytes(long maxSizeBytes) {
        return maxSizeBytes / 10 * 7;
    }

    /** Whether tiers fit in {@code maxSize} (0: no limit); without them the history is inert, as with history=off. */
    public static boolean fits(long maxSizeBytes) {
        return maxSizeBytes == 0 || tierPartBytes(maxSizeBytes) >= MIN_TIER_PART_BYTES;
    }

    static long tierPartBytes(long maxSizeBytes) {
        return maxSizeBytes / 40;
    }

    /** The exact window this history keeps. */
    public long windowMillis() {
        return windowMillis;
    }

    /**
     * Takes the snapshot just written to {@code exact} (and the capture lines after it) into the
     * tiers, and closes the exact part when it spans its share of the window. Never throws.
     */
    public void afterSnapshot(CharSequence snapshot, long timeMillis, SnapshotFile exact) {
        if (failed) {
            return;
        }
        try {
            if (first != null && snapshot.length() <= MAX_PICKED_CHARS) {
                SnapshotFigures.read(snapshot, figures);
                first.offer(snapshot, figures, ordinal++, timeMillis);
            }
            rotateExactByAge(timeMillis, exact);
        } catch (Throwable failure) {
            failed = true;
            LOG.error("history tiers stopped ({}); snapshots go on in {} without them while it can be written",
                    failure.toString(), exact.path());
            close();
        }
    }

    /**
     * Keeps a capture line (written near the memory limit, rare) in the coarsest tier as well, so it
     * outlives the exact part it was written into. Never throws.
     */
    public void afterCapture(CharSequence capture) {
        if (failed) {
            return;
        }
        try {
            if (coarsest != null) {
                coarsest.keep(capture);
            }
        } catch (Throwable failure) {
            failed = true;
            LOG.error("history tiers stopped ({}) while keeping a capture; snapshots go on without them",
                    failure.toString());
            close();
        }
    }

    private void rotateExactByAge(long timeMillis, SnapshotFile exact) throws IOException {
        if (exact.part() != exactPart || exactPartFromMillis == Long.MIN_VALUE) {
            exactPart = exact.part();
            exactPartFromMillis = timeMillis;
        } else if (timeMillis - exactPartFromMillis >= exactPartMillis) {
            exact.rotateNow();
            exactPart = exact.part();
            exactPartFromMillis = Long.MIN_VALUE; // the next snapshot is the new part's first
        }
    }

    /** Closes the tier files; spans still open are inside the exact window and need no writing. */
    public void close() {
        try {
            if (first != null) {
                first.close();
            }
        } catch (Throwable e) {
            LOG.warn("could not close the history tiers: {}", e.toString());
        }
    }
}
