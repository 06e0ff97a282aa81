package io.bloatscope.report.read;

import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import io.bloatscope.format.SnapshotTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the end of a run holds that the analysis reads whole rather than as columns: the latest
 * allocation sites the agent recorded ({@code sites}: cumulative, so the latest holds what is still
 * live), the latest read of the JIT's compilations ({@code compilerMemory}), and whether the last
 * snapshot is the one written at exit or at {@code attach … stop}. {@link ColumnarReader} notes
 * where those lines are during its scan and reads just them again, so the analysis never reads the
 * file itself.
 */
public final class RunTail {
    public static final RunTail NONE = new RunTail(null, null, null);
    private static final String SITES = SnapshotFieldTable.SITES_SECTION;
    private static final String COMPILER_MEMORY = SnapshotFieldTable.COMPILER_MEMORY_SECTION;

    private final Map<String, Object> sitesLine;
    private final Map<String, Object> compilerMemoryLine;
    private final Map<String, Object> lastSnapshot;

    private RunTail(Map<String, Object> sitesLine, Map<String, Object> compilerMemoryLine,
            Map<String, Object> lastSnapshot) {
        this.sitesLine = sitesLine;
        this.compilerMemoryLine = compilerMemoryLine;
        this.lastSnapshot = lastSnapshot;
    }

    /** The lines at the given places (null: none), each read once and parsed; unreadable ones count as none. */
    static RunTail read(LineRef sites, LineRef compilerMemory, LineRef lastSnapshot) throws IOException {
        Map<LineRef, Map<String, Object>> parsed = new HashMap<>();
        return new RunTail(parse(sites, parsed), parse(compilerMemory, parsed), parse(lastSnapshot, parsed));
    }

    /**
     * The sites and compilations of a file still being written whose snapshots are held elsewhere as
     * columns (live metrics), from the file's tail; the run's end is not known there.
     */
    public static RunTail readBackwards(Path file) throws IOException {
        return new RunTail(SnapshotTail.lastSites(file),
                SnapshotTail.lastSnapshotWith(file, "\"" + COMPILER_MEMORY + "\":{"), null);
    }

    private static Map<String, Object> parse(LineRef line, Map<LineRef, Map<String, Object>> parsed)
            throws IOException {
        if (line == null) {
            return null;
        }
        if (!parsed.containsKey(line)) {
            parsed.put(line, parse(new String(LineAt.read(line), StandardCharsets.UTF_8)));
        }
        return parsed.get(line);
    }

    private static Map<String, Object> parse(String line) {
        try {
            return line == null ? null : Json.parseObject(line);
        } catch (JsonException unreadable) {
            return null;
        }
    }

    /** The {@code sites} object of the latest snapshot that has one, or null without site tracking. */
    public Object sites() {
        return sitesLine == null ? null : sitesLine.get(SITES);
    }

    /** The {@code compilerMemory} object of the latest snapshot that has one, or null. */
    public Object compilerMemory() {
        return compilerMemoryLine == null ? null : compilerMemoryLine.get(COMPILER_MEMORY);
    }

    /** Whether the run's last snapshot is the one the agent wrote at JVM exit. */
    public boolean endsAtExit() {
        return lastSnapshot != null && Boolean.TRUE.equals(lastSnapshot.get(SnapshotFieldTable.AT_EXIT));
    }

    /** Whether the run's last snapshot is the one written by {@code attach <pid> stop}. */
    public boolean endsStopped() {
        return lastSnapshot != null && Boolean.TRUE.equals(lastSnapshot.get(SnapshotFieldTable.STOPPED));
    }
}
