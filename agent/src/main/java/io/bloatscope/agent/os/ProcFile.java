package io.bloatscope.agent.os;

import io.bloatscope.agent.text.AsciiText;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * A kernel text file ({@code /proc}, {@code /sys}) read whole into a buffer that is kept from
 * tick to tick, so reading the same file every second allocates nothing.
 *
 * <p>The file is opened at the first read and kept open: reading again from offset 0 makes the
 * kernel generate the text afresh (seq_file and kernfs restart at offset 0), and opening and
 * closing a file every tick cost the sampling thread several times more than the read itself
 * (path lookup, file descriptor bookkeeping, a cleaner per stream). {@link #close()} releases it.
 *
 * <p>Files under /proc report size 0, so the buffer is read to end of file and doubled when full;
 * it keeps its largest size. The returned text is valid until the next {@link #read()}.
 */
final class ProcFile {
    private final Path path;
    private byte[] buffer;
    private final AsciiText text;
    private RandomAccessFile file;

    ProcFile(Path path, int initialBytes) {
        this.path = path;
        this.buffer = new byte[initialBytes];
        this.text = new AsciiText(buffer, 0);
    }

    Path path() {
        return path;
    }

    CharSequence read() throws IOException {
        if (file == null) {
            file = new RandomAccessFile(path.toFile(), "r");
        }
        file.seek(0);
        int length = 0;
        // One read(2) per buffer-full: the kernel generates /proc text per read call, and a
        // buffer that holds the whole file gives the most consistent snapshot of it.
        while (true) {
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = file.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        text.set(buffer, length);
        return text;
    }

    /**
     * Closes the file if it is open; a later {@link #read()} opens it again. Failing to close a
     * file that was only read loses nothing, so that is not reported.
     */
    void close() {
        RandomAccessFile open = file;
        file = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // Nothing was written, so nothing is lost.
            }
        }
    }
}
