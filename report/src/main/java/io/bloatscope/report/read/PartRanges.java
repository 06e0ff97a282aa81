package io.bloatscope.report.read;

import io.bloatscope.format.RunParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's parts (chosen by {@link RunParts}: oldest first, another JVM's left out with a problem
 * line) cut into the byte ranges the reader scans in parallel.
 */
final class PartRanges {
    final List<Path> parts;
    final List<String> problems = new ArrayList<>();
    final long totalBytes;

    PartRanges(Path file) throws IOException {
        parts = RunParts.of(file, problems);
        long total = 0;
        for (Path part : parts) {
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
}
