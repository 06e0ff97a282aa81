package io.bloatscope.cli;

import io.bloatscope.report.json.Json;
import io.bloatscope.report.json.JsonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tells, before any analysis, whether a path can be a snapshot file, so unreadable input gets one
 * line saying what is wrong and how to fix it (exit 2) whatever the analysis engine would throw.
 * Only the first line is read: the newest part of a run always starts with a header.
 */
final class SnapshotFileCheck {
    private static final String FIX = "give the file the agent wrote (its out= option, e.g. app-1234.jsonl)";
    /** Longer than any header line; a first line beyond it is not ours. */
    private static final int MAX_FIRST_LINE_CHARS = 1 << 20;

    private SnapshotFileCheck() {
    }

    /** Throws a {@link UsageError} naming the problem when {@code file} cannot be a snapshot file. */
    static void check(Path file) throws UsageError {
        if (!Files.exists(file)) {
            throw new UsageError("no such file: " + file + "; " + FIX);
        }
        if (Files.isDirectory(file)) {
            throw new UsageError(file + " is a directory; " + FIX);
        }
        String first;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            first = firstLine(reader);
        } catch (AccessDeniedException e) {
            throw new UsageError("cannot read " + file + ": permission denied; run as a user who can read it");
        } catch (CharacterCodingException e) {
            throw new UsageError(file + " is not a bloatscope snapshot file (not UTF-8 text); " + FIX);
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + " (" + e.getMessage() + "); " + FIX);
        }
        if (first == null) {
            throw new UsageError(file + " is empty: the agent has not written its header yet; wait for the first "
                    + "interval, or " + FIX);
        }
        Object type;
        try {
            Map<String, Object> object = Json.parseObject(first);
            type = object.get("type");
        } catch (JsonException e) {
            throw new UsageError(file + " is not a bloatscope snapshot file (its first line is not a JSON object); " + FIX);
        }
        if (!"header".equals(type) && !"snapshot".equals(type)) {
            throw new UsageError(file + " is not a bloatscope snapshot file (its first line is not a header); " + FIX);
        }
    }

    /** The first non-blank line, null when there is none; bounded so a huge binary file is not read whole. */
    private static String firstLine(BufferedReader reader) throws IOException, UsageError {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                if (!line.toString().isBlank()) {
                    return line.toString();
                }
                line.setLength(0);
            } else if (line.length() < MAX_FIRST_LINE_CHARS) {
                line.append((char) c);
            } else {
                throw new UsageError("the first line is longer than any snapshot header; " + FIX);
            }
        }
        return line.toString().isBlank() ? null : line.toString();
    }
}
