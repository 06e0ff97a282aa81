/**
 * The analysis engine: from a run's snapshots to a {@link io.bloatscope.report.model.Diagnosis}.
 *
 * <pre>
 * Diagnosis d = Diagnoser.diagnose(Path.of("app-1234.jsonl"));   // reads the file and its rotated parts
 * d.verdicts.get(0).kind;      // highest confidence first; HEALTHY alone when nothing reaches 0.5
 * d.latest, d.peak, d.ledger;  // RSS split into LedgerParts (ledger thinned to about 1000 entries)
 * d.notes;                     // what could not be judged and why
 * </pre>
 *
 * {@link io.bloatscope.report.read.ColumnarReader} turns the file into primitive columns;
 * {@code Ledger} splits RSS per snapshot; one {@code Detector} per verdict kind judges its series
 * with {@code Growth} (warm-up cut, Theil–Sen {@code Trend}, plateau check) against the bar in
 * {@code LeakRule}; {@code Remedies} fit the JVM from the run's header. Allocation sites come in
 * through {@link io.bloatscope.report.analyze.SiteIndex} from what the reader found at the end of the run
 * ({@link io.bloatscope.report.read.RunTail}); nothing here reads the file itself. The rules are
 * written out for users in report/VERDICTS.md.
 */
package io.bloatscope.report.analyze;
