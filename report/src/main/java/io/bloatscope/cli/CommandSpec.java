package io.bloatscope.cli;

import java.util.List;

/**
 * What one command takes: its positional arguments (how many, and what they are), its options,
 * and whether words after {@code --} pass through untouched (weave's JVM flags). {@link CommandLine}
 * parses against it, and its {@link #help()} is what {@code <command> --help} prints, so the help
 * and the errors can never disagree about an option.
 */
final class CommandSpec {
    final String name;
    /** e.g. {@code <run.jsonl>}, {@code <pid> [options|status|stop|trim]}; empty when none. */
    final String positionals;
    final int minPositionals;
    final int maxPositionals;
    final List<CommandOption> options;
    /** Whether everything after {@code --} is kept as is for the command. */
    final boolean passThrough;
    final String description;

    CommandSpec(String name, String positionals, int minPositionals, int maxPositionals, boolean passThrough,
            String description, List<CommandOption> options) {
        this.name = name;
        this.positionals = positionals;
        this.minPositionals = minPositionals;
        this.maxPositionals = maxPositionals;
        this.passThrough = passThrough;
        this.description = description;
        this.options = List.copyOf(options);
    }

    CommandOption option(String argument) {
        for (CommandOption option : options) {
            if (option.named(argument)) {
                return option;
            }
        }
        return null;
    }

    /** "usage: bloatscope check <run.jsonl> [options]" */
    String usage() {
        return "usage: bloatscope " + name + (positionals.isEmpty() ? "" : " " + positionals)
                + (options.isEmpty() ? "" : " [options]") + (passThrough ? " [-- <JVM flags>]" : "");
    }

    String help() {
        StringBuilder help = new StringBuilder(usage()).append('\n').append(description).append('\n').append("options:\n");
        int width = Math.max("-h, --help".length(), options.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0)) + 2;
        for (CommandOption option : options) {
            line(help, option.synopsis(), option.help, width);
        }
        line(help, "-h, --help", "this text", width);
        return help.toString();
    }

    private static void line(StringBuilder help, String synopsis, String text, int width) {
        help.append("  ").append(synopsis).append(" ".repeat(width - synopsis.length())).append(text).append('\n');
    }

    /** "--baseline, --max-rss, …": what an unknown option's error lists. */
    String optionNames() {
        return options.isEmpty() ? "no options" : String.join(", ", options.stream().map(o -> o.name).toList());
    }
}
