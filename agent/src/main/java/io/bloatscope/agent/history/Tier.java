package io.bloatscope.agent.history;

import io.bloatscope.agent.write.SnapshotFile;
import java.io.IOException;

/**
 * One coarse tier: spans of {@code spanMillis}, each written as its picks when it ends (see
 * {@link Span}), into its own rotating file; the picks then go on to the tier above, which picks
 * among them. The file rotates when its part spans a third of the tier's retention and keeps four
 * parts, so it always covers the retention and at most a third more.
 */
final class Tier {
    static final int PARTS = 4;

    final int level;
    final long spanMillis;
    private final long retentionMillis;
    private final Opener opener;
    /** Opened at the first line, so a run shorter than a span leaves no tier file behind. */
    private SnapshotFile file;
    private final Tier upper;
    private final Span span = new Span();
    private final StringBuilder line = new StringBuilder();
    private int filePart = -1;
    private long partFromMillis;

    /** Opens the tier's file (and truncates a previous run's, unless the agent was reconfigured). */
    interface Opener {
        SnapshotFile open() throws IOException;
    }

    Tier(int level, long spanMillis, long retentionMillis, Opener opener, Tier upper) {
        this.level = level;
        this.spanMillis = spanMillis;
        this.retentionMillis = retentionMillis;
        this.opener = opener;
        this.upper = upper;
    }

    /** A snapshot as written (the first tier only). */
    void offer(CharSequence text, long[] figures, long ordinal, long timeMillis) throws IOException {
        enter(timeMillis);
        span.offer(text, figures, ordinal, timeMillis);
        span.countSnapshots(1);
    }

    /** The picks of an ended span of the tier below, oldest first. */
    private void offerPicksOf(Span lower) throws IOException {
        enter(lower.fromMillis());
        for (int slot : lower.distinctSlotsInOrder()) {
            span.offer(lower.text(slot), lower.figures(slot), lower.ordinal(slot), lower.timeMillis(slot));
        }
        span.countSnapshots(lower.snapshots());
    }

    /** Ends the open span when {@code timeMillis} lies past it, and opens the one holding it. */
    private void enter(long timeMillis) throws IOException {
        long from = Math.floorDiv(timeMillis, spanMillis) * spanMillis;
        if (!span.isEmpty() && from != span.fromMillis()) {
            end();
        }
        if (span.isEmpty()) {
            span.reset(from);
        }
    }

    private SnapshotFile file() throws IOException {
        if (file == null) {
            file = opener.open();
        }
        return file;
    }

    private void end() throws IOException {
        SnapshotFile file = file();
        if (filePart == file.part() && span.fromMillis() - partFromMillis >= retentionMillis / (PARTS - 1)) {
            file.rotateNow();
        }
        for (int slot : span.distinctSlotsInOrder()) {
            if (!TierLine.write(line, span, slot, level, spanMillis)) {
                continue;
            }
            file.writeLine(line);
            if (filePart != file.part()) {
                filePart = file.part();
                partFromMillis = span.fromMillis();
            }
        }
        // One fsync a span: a tier line stands for up to an hour (or its window) that exists nowhere else.
        file.force();
        if (upper != null) {
            upper.offerPicksOf(span);
        }
        span.reset(span.fromMillis());
    }

    /** A line kept as it is (a capture), forced to disk: it exists nowhere else once the exact part goes. */
    void keep(CharSequence line) throws IOException {
        file().writeLine(line);
        file().force();
    }

    void close() throws IOException {
        if (file != null) {
            file.close();
        }
        if (upper != null) {
            upper.close();
        }
    }
}
