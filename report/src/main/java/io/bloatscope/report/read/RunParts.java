package io.bloatscope.report.read;

import io.bloatscope.report.json.Json;
import io.bloatscope.report.json.JsonException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of the run whose newest part is a file, oldest first: rotated parts left at the same
 * path by another JVM (a fixed {@code out} without {@code %p}) are left out, each with a problem
 * line. A part belongs to the run when its first header names the same pid and JVM start time.
 */
final class RunParts {
    final List<Path> parts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final long totalBytes;

    RunParts(Path file) throws IOException {
        String run = runIdentity(file);
        long total = 0;
        for (Path part : SnapshotRun.partsOldestFirst(file)) {
            if (part != file && run != null && !run.equals(runIdentity(part))) {
                problems.add(part.getFileName() + ": from another JVM than " + file.getFileName() + ", skipped");
                continue;
            }
            parts.add(part);
            total += Files.size(part);
        }
        totalBytes = total;
    }

    /** The parts cut into ranges of at most {@code rangeBytes} (an empty part is one empty range). */
    List<ByteRange> ranges(long rangeBytes, long strideBytes) throws IOException {
        List<ByteRange> ranges = new ArrayList<>();
        for (Path part : parts) {
            long size = Files.size(part);
            for (long start = 0; start < size || start == 0; start += rangeBytes) {
                ranges.add(new ByteRange(part, start, Math.min(size, start + rangeBytes), size, strideBytes));
                if (size == 0) {
                    break;
                }
            }
        }
        return ranges;
    }

    Path newest() {
        return parts.get(parts.size() - 1);
    }

    /** "pid@jvmStartMillis" from a part's first line, or null when it has no readable header. */
    static String runIdentity(Path part) throws IOException {
        try (var reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            Map<String, Object> header = first == null ? null : Json.parseObject(first);
            if (header == null || !"header".equals(header.get("type"))) {
                return null;
            }
            return header.get("pid") + "@" + header.get("jvmStartMillis");
        } catch (JsonException | java.io.UncheckedIOException unreadable) {
            return null;
        }
    }
}
