package io.bloatscope.agent.write;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The snapshot file: JSON Lines, UTF-8, each line handed to the OS as soon as it is written (no
 * buffering in the process, so a crash loses at most the line being written).
 *
 * <p>Snapshots can reveal a lot about a process, so the file is created readable by its owner
 * only (0600). When a part would grow past {@code maxSizeBytes} it is rotated the way logrotate
 * does: {@code out} becomes {@code out.1}, {@code out.1} becomes {@code out.2}, and so on; the
 * oldest beyond {@code maxFiles} parts is deleted. Every part starts with a header line, built
 * afresh for its part number, so each part can be read on its own.
 *
 * <p>A line costs its writer one copy of its chars, one pass that stores the ASCII ones (nearly
 * all of a snapshot) as bytes, and one native write call per 8 KB. Measured on a 2.6 KB snapshot
 * while the code is still interpreted (at one tick per second, the first minutes of a run), a
 * charset encoder reading the line char by char through {@code CharSequence} cost five times the
 * copy and pass, and a {@code FileChannel} write, through its interruptible-I/O layers, twice the
 * stream's.
 *
 * <p>Not thread-safe: only the sampling thread writes.
 */
public final class SnapshotFile implements Closeable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final long maxSizeBytes;
    private final int maxFiles;
    private final IntFunction<CharSequence> headerForPart;
    /** Target strings may hold lone surrogates; they become '?' rather than failing the line. */
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /**
     * Bytes up to this size are copied through a native stack buffer by {@code FileOutputStream};
     * a larger write would malloc and free its length in the target, every tick.
     */
    private static final int WRITE_CHUNK_BYTES = 8192;

    private char[] chars = new char[8 * 1024];
    private ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
    private FileOutputStream stream;
    private long partSizeBytes;
    private int part;
    private long writtenBytes;

    /**
     * Opens the file and writes a header line.
     *
     * @param maxSizeBytes rotate before a part grows past this; 0 never rotates
     * @param maxFiles parts kept, the current one included
     * @param headerForPart builds the header line for a part number
     * @param append continue an existing file (the agent was reconfigured) instead of starting anew
     */
    public SnapshotFile(Path path, long maxSizeBytes, int maxFiles, IntFunction<CharSequence> headerForPart,
            boolean append) throws IOException {
        this.path = path;
        this.maxSizeBytes = maxSizeBytes;
        this.maxFiles = maxFiles;
        this.headerForPart = headerForPart;
        openPart(append);
    }

    public Path path() {
        return path;
    }

    /** Bytes written to all parts so far. */
    public long writtenBytes() {
        return writtenBytes;
    }

    /** Writes one line (a terminator is added), rotating first if the line would not fit. */
    public void writeLine(CharSequence line) throws IOException {
        encode(line);
        if (maxSizeBytes > 0 && partSizeBytes > 0 && partSizeBytes + bytes.remaining() > maxSizeBytes) {
            rotate();
            encode(line);
        }
        writeEncoded();
    }

    /** Writes a header line into the current part, e.g. after the configuration changed. */
    public void writeHeader() throws IOException {
        writeLine(headerForPart.apply(part));
    }

    /**
     * Closes the current part and starts the next one now, as a size overflow would: the history
     * tiers close parts by age too, so that the parts kept cover a time window.
     */
    public void rotateNow() throws IOException {
        rotate();
    }

    /** Rotations so far: 0 while the first part is written. */
    public int part() {
        return part;
    }

    /** Forces what was written to the disk, for lines rare and precious enough to be worth an fsync. */
    public void force() throws IOException {
        if (stream != null) {
            stream.getFD().sync();
        }
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    private void openPart(boolean append) throws IOException {
        // A channel is the one way to create the file owner-only from the start; it is closed
        // again at once because lines are written through a plain stream (see the class comment).
        FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY)).close();
        // The attribute applies only to a file this call created; an older file keeps its mode.
        Files.setPosixFilePermissions(path, OWNER_ONLY);
        stream = new FileOutputStream(path.toFile(), true);
        partSizeBytes = Files.size(path);
        encode(headerForPart.apply(part));
        writeEncoded();
    }

    private void rotate() throws IOException {
        close();
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path older = sibling(i);
            if (i == maxFiles - 1) {
                Files.deleteIfExists(older);
            } else {
                moveIfExists(older, sibling(i + 1));
            }
        }
        if (maxFiles > 1) {
            Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        }
        part++;
        openPart(false);
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException absent) {
            // Fewer parts exist than are kept: nothing to shift.
        }
    }

    private Path sibling(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    private void encode(CharSequence line) {
        int length = line.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        // JsonLine hands over its StringBuilder; copying its chars out in one call is far cheaper
        // than a charAt() call per char.
        if (line instanceof StringBuilder) {
            ((StringBuilder) line).getChars(0, length, chars, 0);
        } else {
            line.toString().getChars(0, length, chars, 0);
        }
        // UTF-8 needs at most 3 bytes per char (a surrogate pair is 4 bytes for 2 chars), so one
        // encode call into a buffer this big cannot overflow.
        int needed = length * 3 + 1;
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
        }
        byte[] out = bytes.array();
        int ascii = 0;
        while (ascii < length && chars[ascii] < 0x80) {
            out[ascii] = (byte) chars[ascii];
            ascii++;
        }
        bytes.clear().position(ascii);
        if (ascii < length) {
            utf8.reset();
            utf8.encode(CharBuffer.wrap(chars, ascii, length - ascii), bytes, true);
            utf8.flush(bytes);
        }
        bytes.put((byte) '\n');
        bytes.flip();
    }

    private void writeEncoded() throws IOException {
        if (stream == null) {
            // a rotation that failed half-way (the directory went away) left no part open
            throw new IOException("no part of " + path + " is open: closed, or its rotation failed");
        }
        int length = bytes.remaining();
        for (int offset = 0; offset < length; offset += WRITE_CHUNK_BYTES) {
            stream.write(bytes.array(), offset, Math.min(WRITE_CHUNK_BYTES, length - offset));
        }
        partSizeBytes += length;
        writtenBytes += length;
    }
}
