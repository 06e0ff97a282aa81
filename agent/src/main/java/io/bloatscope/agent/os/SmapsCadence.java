package io.bloatscope.agent.os;

/**
 * Decides at each tick whether to read {@code /proc/self/smaps}, and why. Pure: it sees only the
 * clock and one reading per tick, anonymous memory outside the heap (see
 * {@code core.AnonOutsideHeap}), so it is tested without a process.
 *
 * <p>A fixed cadence (the user wrote {@code smaps=...}) reads at the first tick ({@code first}),
 * then whenever the interval has passed ({@code interval}), and at exit ({@code exit}).
 *
 * <p>The adaptive cadence (the default) adds reads when they are worth their cost. Reading smaps
 * makes the kernel walk every page table of the process (about 30 ms of the sampling thread on a
 * small JVM, holding the mmap lock), so once a minute is the default; but on a JDK without
 * {@code malloc_info} smaps is the only measure of glibc's arenas, and a short run then gets one
 * or two reads, too few to tell untracked native growth from noise. So: when anonymous memory
 * outside the heap has grown by {@value #GROWTH_TRIGGER_BYTES} bytes since the last read that set
 * the baseline, read every {@value #FAST_INTERVAL_MILLIS} ms ({@code adaptive}) until
 * {@value #FAST_READS_WITHOUT_GROWTH} fast reads in a row saw no such growth, then go back to the
 * interval. At exit, read if the last read is older than the fast interval, or if memory grew past
 * the trigger since it (a run shorter than the fast interval otherwise ends with only its first
 * read). The budget is thus at most one read per 10 s while memory grows, one a minute otherwise,
 * and one at exit. A capture near the memory limit ({@code capture}) reads at once, whatever the
 * cadence: it is the evidence a person needs afterwards.
 *
 * <p>The baseline moves only when growth is seen or at a regular read, never down between reads:
 * memory that comes and goes (malloc churn, the JIT's arenas) must climb past where it was before
 * it counts, while a slow leak accumulates until it does.
 */
final class SmapsCadence {
    static final long FAST_INTERVAL_MILLIS = 10_000;
    static final long GROWTH_TRIGGER_BYTES = 4L << 20;
    static final int FAST_READS_WITHOUT_GROWTH = 3;
    /** The reading when no reading was possible this tick (a source missing or failed). */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final long intervalMillis;
    private final boolean adaptive;
    /** Ticks jitter: a read due every tick must not be skipped because one came early. */
    private final long toleranceMillis;
    private boolean readYet;
    private long lastReadMillis;
    private long baselineBytes = UNKNOWN;
    private boolean fast;
    private int fastReadsWithoutGrowth;
    private boolean exitNext;
    private boolean captureNext;
    private long growthBytes;

    SmapsCadence(long intervalMillis, boolean adaptive, long tickMillis) {
        this.intervalMillis = intervalMillis;
        this.adaptive = adaptive;
        this.toleranceMillis = tickMillis * 3 / 4;
    }

    /** The next decision is for a snapshot captured near the memory limit: read whatever the cadence. */
    void captureNext() {
        captureNext = true;
    }

    /** The next decision is for the snapshot at JVM exit. */
    void exitNext() {
        exitNext = true;
    }

    /**
     * @param anonOutsideHeapBytes this tick's reading, or {@link #UNKNOWN}
     * @return why to read now ({@code first}, {@code interval}, {@code adaptive}, {@code exit},
     *     {@code capture}), or
     *     null to skip this tick
     */
    String decide(long nowMillis, long anonOutsideHeapBytes) {
        boolean atExit = exitNext;
        exitNext = false;
        boolean capture = captureNext;
        captureNext = false;
        growthBytes = anonOutsideHeapBytes == UNKNOWN || baselineBytes == UNKNOWN
                ? 0 : anonOutsideHeapBytes - baselineBytes;
        long sinceLastMillis = nowMillis - lastReadMillis + toleranceMillis;
        String reason;
        if (!readYet) {
            reason = "first";
        } else if (capture) {
            reason = "capture";
        } else if (atExit) {
            // A fixed cadence always completes the exit snapshot (as before); the adaptive one
            // only when its last read is stale or memory grew since, which is what matters on a
            // short run.
            if (adaptive && sinceLastMillis < FAST_INTERVAL_MILLIS && growthBytes < GROWTH_TRIGGER_BYTES) {
                return null;
            }
            reason = "exit";
        } else if (adaptive && sinceLastMillis >= FAST_INTERVAL_MILLIS
                && (fast || growthBytes >= GROWTH_TRIGGER_BYTES)) {
            reason = "adaptive";
        } else if (sinceLastMillis >= intervalMillis) {
            reason = "interval";
        } else {
            return null;
        }
        readYet = true;
        lastReadMillis = nowMillis;
        if (reason.equals("adaptive")) {
            if (!fast || growthBytes >= GROWTH_TRIGGER_BYTES) {
                fast = true;
                fastReadsWithoutGrowth = 0;
                baselineBytes = anonOutsideHeapBytes;
            } else if (++fastReadsWithoutGrowth >= FAST_READS_WITHOUT_GROWTH) {
                fast = false;
                baselineBytes = anonOutsideHeapBytes;
            }
        } else {
            baselineBytes = anonOutsideHeapBytes;
        }
        return reason;
    }

    /** At the last decision: the reading's growth over the baseline, bytes (0 when unknown). */
    long growthBytes() {
        return growthBytes;
    }

    /** Whether fast reads are on now. */
    boolean fast() {
        return fast;
    }
}
