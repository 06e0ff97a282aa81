package io.bloatscope.testapps;

import java.util.Map;
import java.util.TreeMap;

/**
 * The command line of a scenario app, parsed once into an immutable value.
 *
 * <p>Every option is {@code --name N} (or {@code --name=N}) with N a non-negative whole number; each
 * scenario declares its own options and defaults, and {@code --seconds} (default 0 = run until
 * killed) is always accepted. A bad command line prints one line to stderr naming the argument and
 * exits with status 2, so a test that forks an app with a typo fails loudly and at once.
 */
final class ScenarioArgs {
    static final int USAGE_EXIT_CODE = 2;

    private final Map<String, Long> values;

    private ScenarioArgs(Map<String, Long> values) {
        this.values = Map.copyOf(values);
    }

    /** Parses {@code argv} against {@code defaults}, or prints the problem and exits 2. */
    static ScenarioArgs parseOrExit(String[] argv, Map<String, Long> defaults) {
        try {
            return parse(argv, defaults);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(USAGE_EXIT_CODE);
            throw e; // not reached
        }
    }

    static ScenarioArgs parse(String[] argv, Map<String, Long> defaults) {
        Map<String, Long> values = new TreeMap<>(defaults);
        values.putIfAbsent("seconds", 0L);
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("bad argument '" + arg + "': expected --name N; accepted: " + accepted(values));
            }
            String name = arg.substring(2);
            String text;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                text = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < argv.length) {
                text = argv[++i];
            } else {
                throw new IllegalArgumentException("argument --" + name + " needs a value");
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument --" + name + "; accepted: " + accepted(values));
            }
            values.put(name, parseValue(name, text));
        }
        return new ScenarioArgs(values);
    }

    private static long parseValue(String name, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("bad argument --" + name + " '" + text + "': expected a non-negative whole number");
    }

    private static String accepted(Map<String, Long> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append("--").append(e.getKey()).append(" (default ").append(e.getValue()).append(')');
        }
        return sb.toString();
    }

    long get(String name) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("scenario did not declare option --" + name);
        }
        return value;
    }

    int getInt(String name) {
        long value = get(name);
        if (value > Integer.MAX_VALUE) {
            exitWithUsage("bad argument --" + name + " " + value + ": at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** Like {@link #get} but a zero value is a usage error, for options such as a rate or a size. */
    long positive(String name) {
        long value = get(name);
        if (value == 0) {
            exitWithUsage("bad argument --" + name + " 0: must be at least 1");
        }
        return value;
    }

    long seconds() {
        return get("seconds");
    }

    private static void exitWithUsage(String line) {
        System.err.println(line);
        System.exit(USAGE_EXIT_CODE);
    }
}
