package io.bloatscope.agent.metrics;

import java.nio.file.Path;

/**
 * What the snapshot lines mean as metrics: the ledger, the live verdict, the conventional JVM
 * figures. Implemented by the report module ({@value #IMPLEMENTATION}), which holds the analysis
 * engine and ships in the same jar; the agent finds it by name so that the agent module never
 * depends on the report module. Called on one thread only, the metrics thread.
 */
public interface LiveModel {
    String IMPLEMENTATION = "io.bloatscope.report.live.LiveAnalysis";

    /**
     * The run's header line and its snapshot file (read for the latest allocation sites when a
     * verdict runs); called before the first snapshot and again after a reconfiguration.
     *
     * @param windowRows most snapshots kept for the live verdict
     */
    void configure(String headerLine, Path snapshotFile, int windowRows);

    /**
     * Adds one snapshot line (UTF-8, no newline) to the window and returns the metrics as of it.
     *
     * @param evaluateVerdict run the analysis engine over the window now; otherwise the previous
     *     verdict is carried over
     * @return null when the line is not a snapshot
     */
    Exposition add(byte[] snapshotLine, boolean evaluateVerdict);
}
