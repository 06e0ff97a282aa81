package io.bloatscope.report.read;

import io.bloatscope.format.HistoryNames;
import io.bloatscope.format.SnapshotHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a run's coarse history tiers are (docs/snapshot-format.md, "History tiers"): next to the snapshot
 * file, {@code <file>.tier1} (finest) to {@code <file>.tier3}, each with rotated parts of its own.
 * The names are the format's ({@link HistoryNames}), which the agent writes with.
 */
final class HistoryTiers {

    private HistoryTiers() {
    }

    static Path tierPath(Path file, int level) {
        return file.resolveSibling(file.getFileName() + HistoryNames.FILE_SUFFIX + level);
    }

    /**
     * The tier files of the run {@code file} belongs to, finest first; a tier written by another JVM
     * (a fixed {@code out} reused by a later run that wrote no tier yet) is left out and listed.
     */
    static List<Path> of(Path file, List<String> problems) throws IOException {
        List<Path> tiers = new ArrayList<>();
        String run = runIdentity(file);
        for (int level = 1; level <= HistoryNames.LEVELS; level++) {
            Path tier = tierPath(file, level);
            if (!Files.isRegularFile(tier)) {
                continue;
            }
            if (run != null && !run.equals(runIdentity(tier))) {
                problems.add(tier.getFileName() + ": from another JVM than " + file.getFileName() + ", skipped");
                continue;
            }
            tiers.add(tier);
        }
        return tiers;
    }

    private static String runIdentity(Path file) throws IOException {
        Map<String, Object> header = SnapshotHeader.read(file);
        return header == null ? null : SnapshotHeader.runIdentity(header);
    }
}
