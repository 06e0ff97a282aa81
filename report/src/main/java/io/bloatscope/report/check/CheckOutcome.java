package io.bloatscope.report.check;

import java.util.List;

/**
 * One limit or verdict that {@code check} judged: its name (a JUnit test case), whether it
 * passed, one line saying what was measured against what, and the evidence lines behind a failure.
 */
public final class CheckOutcome {
    public final String name;
    public final boolean passed;
    public final String summary;
    public final List<String> details;

    CheckOutcome(String name, boolean passed, String summary, List<String> details) {
        this.name = name;
        this.passed = passed;
        this.summary = summary;
        this.details = List.copyOf(details);
    }
}
