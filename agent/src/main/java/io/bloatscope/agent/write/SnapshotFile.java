package io.bloatscope.agent.write;

import java.io.Closeable;
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
    private ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);
    private FileChannel channel;
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

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void openPart(boolean append) throws IOException {
        channel = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // The attribute applies only to a file this call created; an older file keeps its mode.
        Files.setPosixFilePermissions(path, OWNER_ONLY);
        partSizeBytes = channel.size();
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
        // UTF-8 needs at most 3 bytes per char (a surrogate pair is 4 bytes for 2 chars), so one
        // encode call into a buffer this big cannot overflow.
        int needed = line.length() * 3 + 1;
        if (bytes.capacity() < needed) {
            bytes = ByteBuffer.allocate(Math.max(needed, bytes.capacity() * 2));
        }
        bytes.clear();
        utf8.reset();
        utf8.encode(CharBuffer.wrap(line), bytes, true);
        utf8.flush(bytes);
        bytes.put((byte) '\n');
        bytes.flip();
    }

    private void writeEncoded() throws IOException {
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        partSizeBytes += length;
        writtenBytes += length;
    }
}
