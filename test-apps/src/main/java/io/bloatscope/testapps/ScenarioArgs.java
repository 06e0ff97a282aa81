package io.bloatscope.testapps;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The command line of a scenario app, parsed once into an immutable value.
 *
 * <p>Every option is {@code --name N} (or {@code --name=N}) with N a non-negative whole number; each
 * scenario declares its own options and defaults, and {@code --seconds} (default 0 = run until
 * killed) is always accepted. A scenario may also declare <em>choices</em>, {@code --name word}
 * with the word one of a fixed list whose first entry is the default, and <em>switches</em>,
 * {@code --name} alone, off unless given. A bad command line prints one line to stderr naming the
 * argument and exits with status 2, so a test that forks an app with a typo fails loudly and at once.
 */
final class ScenarioArgs {
    static final int USAGE_EXIT_CODE = 2;

    private final Map<String, Long> values;
    private final Map<String, String> chosen;
    private final Set<String> switchesOn;

    private ScenarioArgs(Map<String, Long> values, Map<String, String> chosen, Set<String> switchesOn) {
        this.values = Map.copyOf(values);
        this.chosen = Map.copyOf(chosen);
        this.switchesOn = Set.copyOf(switchesOn);
    }

    /** Parses {@code argv} against {@code defaults}, or prints the problem and exits 2. */
    static ScenarioArgs parseOrExit(String[] argv, Map<String, Long> defaults) {
        return parseOrExit(argv, defaults, Map.of(), Set.of());
    }

    /** Like {@link #parseOrExit(String[], Map)}, with word choices (first = default) and switches. */
    static ScenarioArgs parseOrExit(String[] argv, Map<String, Long> defaults, Map<String, List<String>> choices,
            Set<String> switches) {
        try {
            return parse(argv, defaults, choices, switches);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(USAGE_EXIT_CODE);
            throw e; // not reached
        }
    }

    static ScenarioArgs parse(String[] argv, Map<String, Long> defaults) {
        return parse(argv, defaults, Map.of(), Set.of());
    }

    static ScenarioArgs parse(String[] argv, Map<String, Long> defaults, Map<String, List<String>> choices,
            Set<String> switches) {
        Map<String, Long> values = new TreeMap<>(defaults);
        values.putIfAbsent("seconds", 0L);
        Map<String, String> chosen = new TreeMap<>();
        choices.forEach((name, words) -> chosen.put(name, words.get(0)));
        Set<String> switchesOn = new TreeSet<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("bad argument '" + arg + "': expected --name N; accepted: "
                        + accepted(values, choices, switches));
            }
            String name = arg.substring(2);
            String text = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                text = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (text != null) {
                    throw new IllegalArgumentException("argument --" + name + " is a switch and takes no value");
                }
                switchesOn.add(name);
                continue;
            }
            if (text == null) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("argument --" + name + " needs a value");
                }
                text = argv[++i];
            }
            if (choices.containsKey(name)) {
                if (!choices.get(name).contains(text)) {
                    throw new IllegalArgumentException("bad argument --" + name + " '" + text + "': expected one of "
                            + String.join(", ", choices.get(name)));
                }
                chosen.put(name, text);
            } else if (values.containsKey(name)) {
                values.put(name, parseValue(name, text));
            } else {
                throw new IllegalArgumentException("unknown argument --" + name + "; accepted: "
                        + accepted(values, choices, switches));
            }
        }
        return new ScenarioArgs(values, chosen, switchesOn);
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

    private static String accepted(Map<String, Long> values, Map<String, List<String>> choices, Set<String> switches) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append("--").append(e.getKey()).append(" (default ").append(e.getValue()).append(')');
        }
        for (Map.Entry<String, List<String>> e : new TreeMap<>(choices).entrySet()) {
            sb.append(", --").append(e.getKey()).append(' ').append(String.join("|", e.getValue()))
                    .append(" (default ").append(e.getValue().get(0)).append(')');
        }
        for (String name : new TreeSet<>(switches)) {
            sb.append(", --").append(name).append(" (switch, off unless given)");
        }
        return sb.toString();
    }

    /** The word given for a declared choice, or its default (the first of its list). */
    String choice(String name) {
        String word = chosen.get(name);
        if (word == null) {
            throw new IllegalStateException("scenario did not declare choice --" + name);
        }
        return word;
    }

    /** Whether a declared switch was given. */
    boolean isOn(String name) {
        return switchesOn.contains(name);
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
