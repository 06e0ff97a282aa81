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
    /** The JDK's stack buffer for file reads (io_util.c BUF_SIZE); a longer read mallocs. */
    static final int MAX_READ_BYTES = 8192;
    private final Path path;
    private byte[] buffer;
    private final AsciiText text;
    private RandomAccessFile file;

    ProcFile(Path path, int initialBytes) {
        this.path = path;
        this.buffer = new byte[initialBytes];
        this.text = new AsciiText(buffer, 0);
    }

    /**
     * The whole text of a file read once, e.g. {@code /proc/self/maps} at start: read as every
     * {@code ProcFile} is, 8 KB at a time. {@code Files.readString} would go through a channel,
     * which reads into a temporary direct buffer of the read's size and keeps it cached on the
     * calling thread: a direct buffer of the agent's in the application's buffer pool figures.
     */
    static String readOnce(Path path) throws IOException {
        ProcFile file = new ProcFile(path, MAX_READ_BYTES);
        try {
            return file.read().toString();
        } finally {
            file.close();
        }
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
        // At most 8 KB per read(2): for a longer read the JDK mallocs a bounce buffer of the
        // read's size and frees it again, and glibc keeps such freed blocks resident in the
        // sampling thread's arena (smaps reads of a megabyte left ~5 MB there: malloc bloat made
        // by the agent itself). Up to 8 KB the JDK reads into its stack. The files read every tick
        // (status, cgroup) fit in one read, so their text is still one consistent snapshot.
        while (true) {
            if (length == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = file.read(buffer, length, Math.min(buffer.length - length, MAX_READ_BYTES));
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
