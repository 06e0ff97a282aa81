package io.bloatscope.agent.core;

/**
 * A bad agent option. Its message is the one line the user sees: it names the option and what it
 * accepts, so it is printed as is, never with a stack trace.
 */
public final class OptionError extends Exception {
    private static final long serialVersionUID = 1L;

    OptionError(String message) {
        // Options may carry anything the user typed; the message stays one line whatever it was.
        super(message.replaceAll("\\p{Cntrl}", "?"), null, false, false);
    }
}
