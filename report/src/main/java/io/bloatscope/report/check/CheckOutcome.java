package io.bloatscope.report.check;

import java.util.List;

/**
 * One limit or verdict that {@code check} judged: its name (a JUnit test case), whether it
 * passed, one line saying what was measured against what, and the evidence lines behind a failure.
 * An {@link #inconclusive} outcome says the run could not be judged: not passed unless
 * {@code --inconclusive pass} let it through, and then shown as skipped, never as a pass.
 */
public final class CheckOutcome {
    public final String name;
    public final boolean passed;
    public final boolean inconclusive;
    public final String summary;
    public final List<String> details;

    CheckOutcome(String name, boolean passed, String summary, List<String> details) {
        this(name, passed, false, summary, details);
    }

    CheckOutcome(String name, boolean passed, boolean inconclusive, String summary, List<String> details) {
        this.name = name;
        this.passed = passed;
        this.inconclusive = inconclusive;
        this.summary = summary;
        this.details = List.copyOf(details);
    }

    /** Failed a limit or a verdict (not merely inconclusive). */
    boolean failed() {
        return !passed && !inconclusive;
    }
}
