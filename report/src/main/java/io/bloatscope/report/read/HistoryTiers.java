package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's coarse history tiers are (docs/format.md, "History tiers"): next to the snapshot
 * file, {@code <file>.tier1} (finest) to {@code <file>.tier3}, each with rotated parts of its own.
 * The names are the agent's ({@code io.bloatscope.agent.history.HistoryNames}); both move to the
 * shared format module.
 */
final class HistoryTiers {
    static final String FILE_SUFFIX = ".tier";
    static final int LEVELS = 3;

    private HistoryTiers() {
    }

    static Path tierPath(Path file, int level) {
        return file.resolveSibling(file.getFileName() + FILE_SUFFIX + level);
    }

    /**
     * The tier files of the run {@code file} belongs to, finest first; a tier written by another JVM
     * (a fixed {@code out} reused by a later run that wrote no tier yet) is left out and listed.
     */
    static List<Path> of(Path file, List<String> problems) throws IOException {
        List<Path> tiers = new ArrayList<>();
        String run = ColumnarReader.runIdentity(file);
        for (int level = 1; level <= LEVELS; level++) {
            Path tier = tierPath(file, level);
            if (!Files.isRegularFile(tier)) {
                continue;
            }
            if (run != null && !run.equals(ColumnarReader.runIdentity(tier))) {
                problems.add(tier.getFileName() + ": from another JVM than " + file.getFileName() + ", skipped");
                continue;
            }
            tiers.add(tier);
        }
        return tiers;
    }
}
