package io.bloatscope.agent.os;

import io.bloatscope.agent.text.AsciiText;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A kernel text file ({@code /proc}, {@code /sys}) read whole into a buffer that is kept from
 * tick to tick, so reading the same file every second allocates nothing but the file handle.
 *
 * <p>Files under /proc report size 0, so the buffer is read to end of file and doubled when full;
 * it keeps its largest size. The returned text is valid until the next {@link #read()}.
 */
final class ProcFile {
    private final Path path;
    private byte[] buffer;
    private final AsciiText text;

    ProcFile(Path path, int initialBytes) {
        this.path = path;
        this.buffer = new byte[initialBytes];
        this.text = new AsciiText(buffer, 0);
    }

    Path path() {
        return path;
    }

    CharSequence read() throws IOException {
        int length = 0;
        // One read(2) per buffer-full: the kernel generates /proc text per read call, and a
        // buffer that holds the whole file gives the most consistent snapshot of it.
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            while (true) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        }
        text.set(buffer, length);
        return text;
    }
}
