package io.bloatscope.testapps;

import java.util.concurrent.TimeUnit;

/**
 * The life of one scenario run, as the integration tests see it: one {@code READY pid=<pid>} line
 * once set up, work in steps of {@value #STEP_MILLIS} ms on a fixed schedule for {@code --seconds}
 * (0 = until killed), then {@code DONE} and exit status 0.
 *
 * <p>Work is spread over steps rather than done in one burst so that a sampler polling every second
 * sees a steady trend; {@link #perStep} splits a per-second rate over the steps without rounding drift.
 */
final class ScenarioRun {
    static final long STEP_MILLIS = 100;
    private static final long STEPS_PER_SECOND = 1000 / STEP_MILLIS;

    private final long durationMillis;
    private long startNanos;
    private long stepsTaken;

    ScenarioRun(ScenarioArgs args) {
        this.durationMillis = TimeUnit.SECONDS.toMillis(args.seconds());
    }

    /** Announces that setup is done and the scenario is running; starts the clock. */
    void ready() {
        System.out.println("READY pid=" + ProcessHandle.current().pid());
        System.out.flush();
        startNanos = System.nanoTime();
    }

    /** Waits for the next step on the schedule; false once {@code --seconds} have passed. */
    boolean nextStep() {
        long deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(stepsTaken * STEP_MILLIS);
        long waitNanos = deadlineNanos - System.nanoTime();
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (durationMillis > 0 && elapsedMillis() >= durationMillis) {
            return false;
        }
        stepsTaken++;
        return true;
    }

    /** How much of a per-second rate belongs to the current step; the steps of a second add up exactly. */
    long perStep(long perSecond) {
        long step = stepsTaken - 1;
        return (step + 1) * perSecond / STEPS_PER_SECOND - step * perSecond / STEPS_PER_SECOND;
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Prints {@code DONE} and exits 0 (also ending any non-daemon threads the scenario started). */
    void finish() {
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
