package io.bloatscope.report.read;

import io.bloatscope.report.json.Json;
import io.bloatscope.report.json.JsonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One run of the agent as read from its snapshot file and the file's rotated parts
 * ({@code out.N} … {@code out.1}, then {@code out}, oldest first). Tolerant the way a reader of a
 * live, possibly crashed process's output must be: a truncated last line, unknown fields and
 * unknown line types are accepted and what was skipped is listed in {@link #problems()}.
 */
public final class SnapshotRun {
    private final List<Path> parts;
    private final List<Map<String, Object>> headers;
    private final List<Map<String, Object>> snapshots;
    private final List<Map<String, Object>> captures;
    private final List<String> problems;

    private SnapshotRun(List<Path> parts, List<Map<String, Object>> headers, List<Map<String, Object>> snapshots,
            List<Map<String, Object>> captures, List<String> problems) {
        this.parts = parts;
        this.headers = headers;
        this.snapshots = snapshots;
        this.captures = captures;
        this.problems = problems;
    }

    /**
     * Reads the run whose current (newest) part is {@code file}. Older parts left at the same path
     * by another JVM (a fixed {@code out} without {@code %p}) are skipped and listed as problems:
     * a part belongs to the run when its first header names the same pid and JVM start time.
     */
    public static SnapshotRun read(Path file) throws IOException {
        List<Path> candidates = partsOldestFirst(file);
        List<Path> parts = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        List<Map<String, Object>> snapshots = new ArrayList<>();
        List<Map<String, Object>> captures = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String run = RunParts.runIdentity(file);
        for (Path part : candidates) {
            if (part != file && run != null && !run.equals(RunParts.runIdentity(part))) {
                problems.add(part.getFileName() + ": from another JVM than " + file.getFileName() + ", skipped");
                continue;
            }
            parts.add(part);
            readPart(part, headers, snapshots, captures, problems);
        }
        return new SnapshotRun(Collections.unmodifiableList(parts), Collections.unmodifiableList(headers),
                Collections.unmodifiableList(snapshots), Collections.unmodifiableList(captures),
                Collections.unmodifiableList(problems));
    }

    static List<Path> partsOldestFirst(Path file) {
        List<Path> rotated = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path part = file.resolveSibling(file.getFileName() + "." + i);
            if (!Files.isRegularFile(part)) {
                break;
            }
            rotated.add(part);
        }
        Collections.reverse(rotated);
        rotated.add(file);
        return rotated;
    }

    private static void readPart(Path part, List<Map<String, Object>> headers, List<Map<String, Object>> snapshots,
            List<Map<String, Object>> captures, List<String> problems) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            String line;
            String pending = null;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                if (pending != null) {
                    problems.add(part.getFileName() + " line " + number + ": " + pending);
                    pending = null;
                }
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> object;
                try {
                    object = Json.parseObject(line);
                } catch (JsonException malformed) {
                    // Only reported once we know it was not the last line: a process killed while
                    // writing leaves a truncated last line, which is normal, not a problem.
                    pending = "unreadable, skipped (" + malformed.getMessage() + ")";
                    continue;
                }
                Object type = object.get("type");
                if ("header".equals(type)) {
                    headers.add(object);
                } else if ("snapshot".equals(type)) {
                    snapshots.add(object);
                } else if ("capture".equals(type)) {
                    captures.add(object);
                } else {
                    problems.add(part.getFileName() + " line " + number + ": unknown type " + type + ", skipped");
                }
            }
            if (pending != null) {
                problems.add(part.getFileName() + ": last line truncated, skipped");
            }
        }
    }

    public List<Path> parts() {
        return parts;
    }

    public List<Map<String, Object>> headers() {
        return headers;
    }

    public List<Map<String, Object>> snapshots() {
        return snapshots;
    }

    /** The captures near the memory limit ({@code "type":"capture"}), in file order. */
    public List<Map<String, Object>> captures() {
        return captures;
    }

    public List<String> problems() {
        return problems;
    }
}
