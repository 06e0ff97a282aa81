package io.bloatscope.report.read;

import java.nio.file.Path;

/** Where a line starts: its part of the run and its byte offset there. */
record LineRef(Path part, long offset) {
}
