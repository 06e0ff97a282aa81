package io.bloatscope.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command's arguments, parsed once against its {@link CommandSpec}: the one parser every
 * command uses, so every usage error reads alike: one line naming the argument and what it
 * accepts, exit 2. In-house rather than a library: a few dozen lines cover every command, and the
 * jar that goes into applications as an agent carries no extra dependency to shade.
 */
final class CommandLine {
    /** A value check that fails with {@link IllegalArgumentException}, its message saying what is accepted. */
    interface ValueUse {
        void accept(String value);
    }

    final CommandSpec spec;
    final List<String> positionals;
    /** After {@code --}, for commands that pass them through; else empty. */
    final List<String> passedThrough;
    final boolean help;
    private final Map<String, String> values;

    private CommandLine(CommandSpec spec, List<String> positionals, List<String> passedThrough, boolean help,
            Map<String, String> values) {
        this.spec = spec;
        this.positionals = List.copyOf(positionals);
        this.passedThrough = List.copyOf(passedThrough);
        this.help = help;
        this.values = values;
    }

    static CommandLine parse(CommandSpec spec, String[] args) throws UsageError {
        List<String> positionals = new ArrayList<>();
        List<String> passedThrough = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CommandLine(spec, List.of(), List.of(), true, Map.of());
            }
            if (arg.equals("--") && spec.passThrough) {
                passedThrough.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                CommandOption option = spec.option(arg);
                if (option == null) {
                    throw new UsageError(spec.name + ": unknown option '" + arg + "' (" + spec.name + " takes "
                            + spec.optionNames() + "; see " + spec.name + " --help)");
                }
                if (i + 1 >= args.length) {
                    throw new UsageError(spec.name + ": " + arg + " needs a value: " + option.accepts);
                }
                values.put(option.name, args[++i]);
            } else if (positionals.size() < spec.maxPositionals) {
                positionals.add(arg);
            } else {
                throw new UsageError(spec.name + ": unexpected argument '" + arg + "' (" + spec.name + " takes "
                        + (spec.maxPositionals == 0 ? "no arguments" : spec.positionals) + "; see " + spec.name + " --help)");
            }
        }
        if (positionals.size() < spec.minPositionals) {
            throw new UsageError(spec.name + ": " + spec.positionals + " missing (" + spec.usage() + ")");
        }
        return new CommandLine(spec, positionals, passedThrough, false, values);
    }

    /** The positional argument at {@code index}, or null when not given. */
    String positional(int index) {
        return index < positionals.size() ? positionals.get(index) : null;
    }

    /** The option's value, or {@code otherwise} when it was not given. */
    String value(String option, String otherwise) {
        known(option);
        return values.getOrDefault(option, otherwise);
    }

    /**
     * Hands the option's value, when given, to {@code use}; a value it rejects becomes the usage
     * error "bad --option 'value': what it accepts".
     */
    void ifGiven(String option, ValueUse use) throws UsageError {
        CommandOption known = known(option);
        String value = values.get(option);
        if (value == null) {
            return;
        }
        try {
            use.accept(value);
        } catch (IllegalArgumentException bad) {
            throw bad(known, value, bad.getMessage());
        }
    }

    /** The usage error for an option's value that the command found wrong beyond its form. */
    UsageError bad(String option, String value, String why) {
        return bad(known(option), value, why);
    }

    private UsageError bad(CommandOption option, String value, String why) {
        return new UsageError(spec.name + ": bad " + option.name + " '" + value + "': "
                + (why == null || why.isBlank() ? option.accepts : why));
    }

    private CommandOption known(String option) {
        CommandOption known = spec.option(option);
        if (known == null) {
            throw new IllegalStateException(spec.name + " declares no option " + option);
        }
        return known;
    }
}
