package io.bloatscope.cli;

import java.io.PrintStream;

/** One command of the CLI: what it takes ({@link #spec()}, parsed by {@link CommandLine}) and what it does. */
interface Command {
    CommandSpec spec();

    /** Runs with arguments already parsed against {@link #spec()}; returns the exit code. */
    int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError;
}
