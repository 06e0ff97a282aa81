package io.bloatscope.report.read;

import io.bloatscope.format.RunParts;
import io.bloatscope.format.SnapshotHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's parts (chosen by {@link RunParts}: oldest first, another JVM's left out with a problem
 * line) cut into the byte ranges the reader scans in parallel.
 */
final class PartRanges {
    final List<Path> parts;
    final List<String> problems = new ArrayList<>();
    final long totalBytes;

    PartRanges(Path file) throws IOException {
        this(file, Long.MIN_VALUE);
    }

    /**
     * Only the parts that hold snapshots from {@code fromMillis} on: a part ends where the next
     * begins (its header's time), so a part whose successor began by then is left out whole, without
     * reading more of it than the successor's first line. The newest part is always kept.
     */
    PartRanges(Path file, long fromMillis) throws IOException {
        List<Path> all = RunParts.of(file, problems);
        int first = 0;
        while (fromMillis != Long.MIN_VALUE && first < all.size() - 1 && startMillis(all.get(first + 1)) <= fromMillis) {
            first++;
        }
        parts = all.subList(first, all.size());
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

    /** When a part began (its header's time), or MAX_VALUE when its header cannot tell: then it is kept. */
    private static long startMillis(Path part) throws IOException {
        Map<String, Object> header = SnapshotHeader.read(part);
        return header == null ? Long.MAX_VALUE : Fields.getLong(header, "timeMillis", Long.MAX_VALUE);
    }

    Path newest() {
        return parts.get(parts.size() - 1);
    }
}
