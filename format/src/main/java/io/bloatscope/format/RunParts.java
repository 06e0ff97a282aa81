package io.bloatscope.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The files that hold one run: the agent rotates {@code out} to {@code out.1}, {@code out.1} to
 * {@code out.2} and so on, so a run is {@code out.N} … {@code out.1}, then {@code out}, oldest first.
 * Older parts at the same path may be another JVM's (a fixed {@code out} without {@code %p}); a part
 * belongs to the run when its header names the same {@link SnapshotHeader#runIdentity run identity}
 * as the newest part's.
 */
public final class RunParts {
    private RunParts() {
    }

    /**
     * The parts of the run whose newest part is {@code newest}, oldest first. A part written by
     * another JVM is left out, with a line saying so added to {@code problems}. When the newest part
     * has no readable header (still being written, or cut) nothing can be told apart and every part
     * is kept.
     */
    public static List<Path> of(Path newest, List<String> problems) throws IOException {
        String run = identity(newest);
        List<Path> parts = new ArrayList<>();
        for (Path part : oldestFirst(newest)) {
            if (part != newest && run != null && !run.equals(identity(part))) {
                problems.add(part.getFileName() + ": from another JVM than " + newest.getFileName() + ", skipped");
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    /** Every part at {@code file}'s path, oldest first, whichever JVM wrote it. */
    public static List<Path> oldestFirst(Path file) {
        List<Path> rotated = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path part = rotated(file, i);
            if (!Files.isRegularFile(part)) {
                break;
            }
            rotated.add(part);
        }
        Collections.reverse(rotated);
        rotated.add(file);
        return rotated;
    }

    /** Where the agent moves the {@code index}-th older part of {@code file}: {@code out.1} is the newest rotated. */
    public static Path rotated(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private static String identity(Path part) throws IOException {
        Map<String, Object> header = SnapshotHeader.read(part);
        return header == null ? null : SnapshotHeader.runIdentity(header);
    }
}
