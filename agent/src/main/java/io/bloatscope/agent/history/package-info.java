/**
 * A run's history in tiers: the last window of snapshots exact, older ones as whole snapshots picked
 * per span for every peak (docs/snapshot-format.md, "History tiers").
 *
 * <p>Usage, on the sampling thread only:
 * <pre>
 * SnapshotFile exact = new SnapshotFile(out, History.exactPartBytes(maxSize), maxFiles, header, false);
 * History history = History.open(out, windowMillis, intervalMillis, maxSize, maxFiles, header, false);
 * // each tick
 * exact.writeLine(snapshot);
 * history.afterSnapshot(snapshot, timeMillis, exact);   // never throws
 * // each capture line written after it
 * history.afterCapture(capture);
 * // at the end
 * history.close();
 * </pre>
 * {@link io.bloatscope.agent.history.History} closes the exact part by age, so its parts cover the
 * window; a {@code Tier} per level keeps a {@code Span}'s picks (the snapshots holding the highest
 * and lowest RSS, the highest live set and NMT total, and the last) and hands them to the tier above
 * when the span ends. The report reads them back with {@code io.bloatscope.report.read.TieredRun}.
 */
package io.bloatscope.agent.history;
