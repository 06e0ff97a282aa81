package io.bloatscope.cli;

/** A mistake in the command line or its input; its message is the one line the user sees. */
final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
