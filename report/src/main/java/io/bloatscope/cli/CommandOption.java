package io.bloatscope.cli;

/**
 * One option of a command: its name, an optional short alias, the value it takes ({@code null} for
 * none), what that value may be (the text every usage error about it ends with) and what it does
 * (its line in {@code --help}).
 */
final class CommandOption {
    final String name;
    final String alias;
    /** e.g. {@code 512MB}; shown in the usage line. */
    final String value;
    /** e.g. "a size such as 512MB or 2GB"; named in every error about this option. */
    final String accepts;
    final String help;

    private CommandOption(String name, String alias, String value, String accepts, String help) {
        this.name = name;
        this.alias = alias;
        this.value = value;
        this.accepts = accepts;
        this.help = help;
    }

    static CommandOption valued(String name, String value, String accepts, String help) {
        return new CommandOption(name, null, value, accepts, help);
    }

    CommandOption alias(String shortName) {
        return new CommandOption(name, shortName, value, accepts, help);
    }

    boolean named(String argument) {
        return argument.equals(name) || argument.equals(alias);
    }

    /** "-o, --output report.html" */
    String synopsis() {
        return (alias == null ? "" : alias + ", ") + name + (value == null ? "" : " " + value);
    }
}
