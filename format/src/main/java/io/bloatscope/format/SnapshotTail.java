package io.bloatscope.format;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Finds the latest snapshot line holding a section by reading the file backwards from its end, in
 * blocks, at most {@value #MAX_BYTES} bytes, never the whole file: the agent writes a section such
 * as {@code sites} in every snapshot once it is on, so the latest is near the end, and a week-long
 * run's file is gigabytes. A last line still being written (or cut by a crash) is passed over.
 * One reader for the report (sites, compiled methods, how the run ended) and {@code @LeakTest}.
 */
public final class SnapshotTail {
    /** How far from the end a line is looked for; the sites section of one snapshot is far smaller. */
    public static final int MAX_BYTES = 16 << 20;
    private static final int BLOCK_BYTES = 1 << 20;
    /** The agent writes {@code type} first in every line; a capture line embeds a snapshot under its own key. */
    private static final String SNAPSHOT_START = "{\"" + SnapshotFields.TYPE + "\":\"" + SnapshotFields.SNAPSHOT + "\"";
    private static final String SITES_MARKER = "\"" + SnapshotFields.SITES + "\":{";

    private SnapshotTail() {
    }

    /** The latest snapshot, parsed, or null when the tail has none. */
    public static Map<String, Object> lastSnapshot(Path file) throws IOException {
        return lastSnapshotWith(file, "");
    }

    /** The latest snapshot with a {@code sites} section, parsed, or null when the tail has none. */
    public static Map<String, Object> lastSites(Path file) throws IOException {
        return lastSnapshotWith(file, SITES_MARKER);
    }

    /**
     * The latest snapshot line (not a capture line) containing {@code marker}, such as a section's
     * opening {@code "compilerMemory":{}, parsed; null when the last {@value #MAX_BYTES} bytes have
     * none. A line that does not parse (cut by a crash, or being written) is passed over for the one
     * before it.
     */
    public static Map<String, Object> lastSnapshotWith(Path file, String marker) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long stop = Math.max(0, end - MAX_BYTES);
            byte[] carry = new byte[0];
            for (long position = end; position > stop; ) {
                long start = Math.max(stop, position - BLOCK_BYTES);
                byte[] bytes = new byte[(int) (position - start) + carry.length];
                in.seek(start);
                in.readFully(bytes, 0, (int) (position - start));
                System.arraycopy(carry, 0, bytes, (int) (position - start), carry.length);
                int lineEnd = bytes.length;
                for (int i = bytes.length - 1; i >= 0; i--) {
                    if (bytes[i] == '\n') {
                        Map<String, Object> snapshot = parsed(new String(bytes, i + 1, lineEnd - i - 1,
                                StandardCharsets.UTF_8), marker);
                        if (snapshot != null) {
                            return snapshot;
                        }
                        lineEnd = i;
                    }
                }
                carry = Arrays.copyOfRange(bytes, 0, lineEnd);
                position = start;
            }
            return stop == 0 && carry.length > 0 ? parsed(new String(carry, StandardCharsets.UTF_8), marker) : null;
        }
    }

    /** The line parsed when it is a whole snapshot line holding {@code marker}, else null. */
    private static Map<String, Object> parsed(String line, String marker) {
        String trimmed = line.strip();
        if (!trimmed.startsWith(SNAPSHOT_START) || !trimmed.endsWith("}") || !trimmed.contains(marker)) {
            return null;
        }
        try {
            return Json.parseObject(trimmed);
        } catch (JsonException cut) {
            return null;
        }
    }
}
