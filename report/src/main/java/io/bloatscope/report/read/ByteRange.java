package io.bloatscope.report.read;

import java.nio.file.Path;

/**
 * A part of a run's file that one reader task scans: the lines that start in {@code [start, end)}.
 * {@code strideBytes}: a line is read in full when it is the first to start at or past a multiple of
 * it (0: every line in full).
 */
record ByteRange(Path part, long start, long end, long partSize, long strideBytes) {
}
