package io.bloatscope.format;

/**
 * The names in a snapshot file that its writer (the agent) and its readers (the report, the live
 * metrics, {@code @LeakTest}) must spell alike: the line types, the members every line type starts
 * with, the header's run identity and schema version, and the sections more than one side looks up.
 * The full field reference is docs/snapshot-format.md; a name only one side uses stays with that side.
 */
public final class SnapshotFields {
    /** Version of the snapshot format in every header; readers accept higher versions and say what they skip. */
    public static final int SCHEMA_VERSION = 2;

    /** The line type, always the first member of a line (readers rely on that to tell lines apart cheaply). */
    public static final String TYPE = "type";
    /** Type of the first line of every part and of each reconfiguration. */
    public static final String HEADER = "header";
    /** Type of the line written every interval. */
    public static final String SNAPSHOT = "snapshot";
    /** Type of a capture near the memory limit; its {@link #SNAPSHOT} member embeds that tick's snapshot. */
    public static final String CAPTURE = "capture";

    /** Header: the format's version, {@link #SCHEMA_VERSION} when written by this build. */
    public static final String SCHEMA = "schema";
    /** Header: the process id, one half of the run's identity. */
    public static final String PID = "pid";
    /** Header: when the JVM started, the other half of the run's identity (pids are reused). */
    public static final String JVM_START_MILLIS = "jvmStartMillis";

    /** Every line: its number in the run, from 0. */
    public static final String SEQ = "seq";
    /** Every line: wall-clock time in epoch milliseconds. */
    public static final String TIME_MILLIS = "timeMillis";
    /** Every line: the JVM's uptime. */
    public static final String UPTIME_MILLIS = "uptimeMillis";

    /** Snapshot section: the allocation sites, once site tracking is on, in every later snapshot. */
    public static final String SITES = "sites";
    /** Member of {@link #SITES}: native sites (direct buffers, threads, Inflater, Unsafe, ...). */
    public static final String NATIVE_SITES = "native";
    /** Member of {@link #SITES}: sampled heap allocation sites with their surviving objects. */
    public static final String HEAP_SITES = "heap";

    private SnapshotFields() {
    }
}
