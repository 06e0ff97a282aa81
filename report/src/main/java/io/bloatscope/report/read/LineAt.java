package io.bloatscope.report.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One line read again by where it starts, after the scan: the few lines the report wants whole (the
 * peak and latest rows of a run read light, the latest sites) cost a read each, never a second pass
 * over the file.
 */
final class LineAt {
    private LineAt() {
    }

    /** The line's bytes without its '\n' (and '\r'); up to the end of the part when it has no '\n'. */
    static byte[] read(LineRef line) throws IOException {
        try (FileChannel channel = FileChannel.open(line.part(), StandardOpenOption.READ)) {
            byte[] buffer = new byte[64 << 10];
            int filled = 0;
            int newline = -1;
            while (newline < 0) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = channel.read(ByteBuffer.wrap(buffer, filled, buffer.length - filled), line.offset() + filled);
                if (read < 0) {
                    break;
                }
                newline = ByteSearch.newline(buffer, filled, filled + read);
                filled += read;
            }
            int end = newline < 0 ? filled : newline;
            if (end > 0 && buffer[end - 1] == '\r') {
                end--;
            }
            return Arrays.copyOf(buffer, end);
        }
    }
}
