package io.bloatscope.cli;

import io.bloatscope.format.Json;
import io.bloatscope.format.JsonException;
import io.bloatscope.format.SnapshotFields;
import io.bloatscope.format.SnapshotHeader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells, before any analysis, whether a path can be a snapshot file, so unreadable input gets one
 * line saying what is wrong and how to fix it (exit 2) whatever the analysis engine would throw.
 * Only the first line is read ({@link SnapshotHeader#firstLine}): the newest part of a run always
 * starts with a header.
 */
final class SnapshotFileCheck {
    private static final String FIX = "give the file the agent wrote (its out= option, e.g. app-1234.jsonl)";

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
        try {
            first = SnapshotHeader.firstLine(file);
        } catch (SnapshotHeader.LineTooLongException e) {
            throw new UsageError("the first line is longer than any snapshot header; " + FIX);
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
            type = Json.parseObject(first).get(SnapshotFields.TYPE);
        } catch (JsonException e) {
            throw new UsageError(file + " is not a bloatscope snapshot file (its first line is not a JSON object); " + FIX);
        }
        if (!SnapshotFields.HEADER.equals(type) && !SnapshotFields.SNAPSHOT.equals(type)) {
            throw new UsageError(file + " is not a bloatscope snapshot file (its first line is not a header); " + FIX);
        }
    }
}
