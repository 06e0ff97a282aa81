package io.bloatscope.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The header line that starts every part of a snapshot file, and the run identity it carries.
 * Reads only the first line, strictly (UTF-8 that does not decode, or a first line longer than any
 * header, is not a snapshot file's) and boundedly, so a huge binary file handed over by mistake is
 * never read whole.
 */
public final class SnapshotHeader {
    /** Longer than any header line the agent writes; a longer first line is not ours. */
    public static final int MAX_LINE_CHARS = 1 << 20;

    private SnapshotHeader() {
    }

    /** A first line longer than {@link #MAX_LINE_CHARS}: the file is not a snapshot file. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(Path file) {
            super(file + ": the first line is longer than any snapshot header (" + MAX_LINE_CHARS + " chars)");
        }
    }

    /**
     * The first non-blank line of {@code file}, or null when it has none.
     *
     * @throws CharacterCodingException when the file is not UTF-8 text
     * @throws LineTooLongException when that line is longer than any header
     */
    public static String firstLine(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n') {
                    if (!line.toString().isBlank()) {
                        return line.toString();
                    }
                    line.setLength(0);
                } else if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else {
                    throw new LineTooLongException(file);
                }
            }
            return line.toString().isBlank() ? null : line.toString();
        }
    }

    /**
     * The header that starts {@code part}, or null when its first line is not a readable header
     * (empty, not JSON, not UTF-8, another line type, or still being written).
     *
     * @throws IOException only when the file cannot be read at all
     */
    public static Map<String, Object> read(Path part) throws IOException {
        String first;
        try {
            first = firstLine(part);
        } catch (CharacterCodingException | LineTooLongException notASnapshotFile) {
            return null;
        }
        if (first == null) {
            return null;
        }
        try {
            Map<String, Object> line = Json.parseObject(first);
            return SnapshotFields.HEADER.equals(line.get(SnapshotFields.TYPE)) ? line : null;
        } catch (JsonException unreadable) {
            return null;
        }
    }

    /**
     * Which JVM wrote a header: {@code pid@jvmStartMillis}. The pid alone is not enough, since pids
     * are reused and a fixed {@code out} path (without {@code %p}) is shared by successive JVMs.
     * Null when the header lacks either.
     */
    public static String runIdentity(Map<String, Object> header) {
        Object pid = header.get(SnapshotFields.PID);
        Object start = header.get(SnapshotFields.JVM_START_MILLIS);
        return pid instanceof Number && start instanceof Number
                ? ((Number) pid).longValue() + "@" + ((Number) start).longValue() : null;
    }
}
