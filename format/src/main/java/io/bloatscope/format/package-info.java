/**
 * The snapshot format, said once: what the agent's writer and every reader of its files share.
 * No dependencies; the agent's jar bundles it relocated ({@code io.bloatscope.shaded.format}), so
 * an application that has its own copy (through {@code bloatscope-junit}) never meets the agent's.
 *
 * <ul>
 * <li>{@link io.bloatscope.format.SnapshotFields}: line types and the names more than one side uses.
 * <li>{@link io.bloatscope.format.Json}: parses one line (or any JSON text) into maps and lists;
 *     strict, so a truncated line is rejected, not half read.
 * <li>{@link io.bloatscope.format.SnapshotHeader} and {@link io.bloatscope.format.RunParts}: a part's
 *     header, which JVM wrote it, and which rotated parts make one run.
 * <li>{@link io.bloatscope.format.SnapshotTail}: the latest line with a section (the sites),
 *     read from the end of the file.
 * <li>{@link io.bloatscope.format.Units}: durations and sizes as options spell them;
 *     {@link io.bloatscope.format.HumanBytes}: byte counts as the report and {@code @LeakTest} print them.
 * <li>{@code io.bloatscope.format.text}: the allocation-free text tools of the sampling thread
 *     (the NMT summary parser, the JSON string escaper).
 * </ul>
 * Typical reader: {@code for (Path part : RunParts.of(file, problems)) { ...Json.parseObject(line)... }}.
 */
package io.bloatscope.format;
