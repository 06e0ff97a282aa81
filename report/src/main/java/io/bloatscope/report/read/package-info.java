/**
 * Reading a run's snapshot file, and its rotated parts, into what the analysis consumes, in one scan.
 *
 * <pre>
 * RunColumns run = ColumnarReader.read(Path.of("app-1234.jsonl"));
 * run.timeMillis(row); run.get(Column.RSS, row);   // one primitive column per field kept (bytes KiB-grained)
 * run.complete(row);                               // false for a long run's rows read light
 * run.headers(); run.captures();                   // lines parsed whole, in file order
 * run.tail().sites(); run.tail().endsAtExit();     // what the run's latest lines hold, read whole
 * run.problems();                                  // lines and parts skipped, each with where and why
 * RunColumns week = TieredRun.read(file);          // the same, with the history tiers before the exact parts
 * </pre>
 *
 * How it is done: {@link io.bloatscope.report.read.ColumnarReader} takes the run's parts
 * ({@link io.bloatscope.format.RunParts}), cuts them ({@code PartRanges}) into ranges that {@code RangeScan}s read in parallel, one line at a
 * time into a {@code RangeResult}, then merges the results in file order ({@code BlockMerge}) and
 * reads again only the few lines wanted whole ({@code LineAt}, {@code RunTail}). A line is scanned
 * by {@code SnapshotLineScanner}: a {@code JsonCursor} walked against the field table of the line's
 * {@code LineType} ({@code SnapshotFieldTable}, with {@code RecordRule}s for arrays of objects), the
 * tail of a light line only checked ({@code LightTail}). What a field means is in the snapshot
 * field reference (docs/snapshot-format.md); which fields are kept is in {@code SnapshotFieldTable} alone.
 * {@code TieredRun} reads the tier files the same way and merges their rows before the exact ones;
 * the merged run keeps the exact file's {@code RunTail}.
 */
package io.bloatscope.report.read;
