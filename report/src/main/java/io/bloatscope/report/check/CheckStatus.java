package io.bloatscope.report.check;

/**
 * How a {@code check} ends. A failed limit wins over an inconclusive run: the build is broken
 * whatever else could not be judged.
 */
public enum CheckStatus {
    PASSED,
    FAILED,
    /** The run's first verdict is INCONCLUSIVE and {@code --inconclusive pass} was not given. */
    INCONCLUSIVE
}
