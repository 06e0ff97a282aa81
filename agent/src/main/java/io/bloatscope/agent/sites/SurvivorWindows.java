package io.bloatscope.agent.sites;

/**
 * When JFR's old-object sampler runs: in windows of {@link #WINDOW_MILLIS} (or six surveys, if
 * longer), one window in every four, the first from the start. Survey-thread state only.
 *
 * <p>Why windows: the sampler records a stack trace at every TLAB refill of every thread, the
 * largest cost of heap site tracking, while what it is for, telling a leaking site from one that
 * makes garbage, needs objects that have lived through collections, not a sample of every minute.
 * A window is long enough for the garbage sampled in it to die; a leak's samples survive in every
 * window.
 */
final class SurvivorWindows {
    static final long WINDOW_MILLIS = 60_000;
    static final int PERIOD_WINDOWS = 4;
    /** JFR's clock and the wall clock may disagree by a little; a window's own samples are newer. */
    private static final long CLOCK_MARGIN_MILLIS = 1_000;

    private final long windowMillis;
    private boolean open = true;
    private boolean completedOne;
    private long startMillis;
    private long endMillis;

    SurvivorWindows(long surveyMillis, long nowMillis) {
        this.windowMillis = Math.max(WINDOW_MILLIS, 6 * surveyMillis);
        this.startMillis = nowMillis;
    }

    boolean isOpen() {
        return open;
    }

    /** Whether an object allocated at this time was sampled in the window now open. */
    boolean inCurrentWindow(long allocationMillis) {
        return allocationMillis >= startMillis - CLOCK_MARGIN_MILLIS;
    }

    /**
     * Whether a survey during the window should publish what it saw: only in the first window,
     * when there is no finished window to show yet.
     */
    boolean publishDuringWindow() {
        return !completedOne;
    }

    /** Closes the open window once it has lasted its length; true when it did (publish, stop). */
    boolean closeIfDue(long nowMillis) {
        if (!open || nowMillis - startMillis < windowMillis) {
            return false;
        }
        open = false;
        completedOne = true;
        endMillis = nowMillis;
        return true;
    }

    /** Opens the next window once the pause between windows is over; true when it did (start). */
    boolean openIfDue(long nowMillis) {
        if (open || nowMillis - endMillis < (PERIOD_WINDOWS - 1) * windowMillis) {
            return false;
        }
        open = true;
        startMillis = nowMillis;
        return true;
    }
}
