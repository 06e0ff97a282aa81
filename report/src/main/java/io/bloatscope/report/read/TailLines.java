package io.bloatscope.report.read;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The last snapshot line of a file that holds a section, found by reading the file backwards, at
 * most {@value #TAIL_BYTES} bytes from its end: for a file still being written whose snapshots are
 * already held as columns (the live metrics' window), where scanning it again would cost what the
 * window saves. A report of a file finds the same lines in its one scan ({@link RunTail}).
 */
final class TailLines {
    static final int TAIL_BYTES = 16 << 20;
    private static final String SNAPSHOT_START = "{\"type\":\"snapshot\"";

    private TailLines() {
    }

    /**
     * The last whole snapshot line holding {@code marker} (a section's opening). Not a capture line,
     * which embeds a snapshot under its own key; the agent writes {@code type} first in every line.
     */
    static String lastWith(Path file, String marker) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            long stop = Math.max(0, end - TAIL_BYTES);
            int block = 1 << 20;
            byte[] carry = new byte[0];
            for (long position = end; position > stop; ) {
                long start = Math.max(stop, position - block);
                byte[] bytes = new byte[(int) (position - start) + carry.length];
                in.seek(start);
                in.readFully(bytes, 0, (int) (position - start));
                System.arraycopy(carry, 0, bytes, (int) (position - start), carry.length);
                int lineEnd = bytes.length;
                for (int i = bytes.length - 1; i >= 0; i--) {
                    if (bytes[i] == '\n') {
                        String line = new String(bytes, i + 1, lineEnd - i - 1, StandardCharsets.UTF_8);
                        if (line.startsWith(SNAPSHOT_START) && line.contains(marker) && line.endsWith("}")) {
                            return line;
                        }
                        lineEnd = i;
                    }
                }
                carry = java.util.Arrays.copyOfRange(bytes, 0, lineEnd);
                position = start;
            }
            if (stop == 0 && carry.length > 0) {
                String first = new String(carry, StandardCharsets.UTF_8);
                return first.startsWith(SNAPSHOT_START) && first.contains(marker) && first.endsWith("}") ? first : null;
            }
            return null;
        }
    }
}
