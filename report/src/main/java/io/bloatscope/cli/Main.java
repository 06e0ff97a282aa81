package io.bloatscope.cli;

import io.bloatscope.agent.core.BuildInfo;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar bloatscope.jar <command> ...}: the command line. Exit codes are a contract
 * that scripts rely on: 0 ok, 1 {@code check} found a regression, 2 a usage or input error,
 * reported in one line that says what is wrong and how to fix it, 3 {@code check} could not judge
 * a part that matters (inconclusive). Every command is parsed by {@link CommandLine} against its
 * own {@link CommandSpec} and answers {@code --help}.
 */
public final class Main {
    static final int OK = 0;
    static final int REGRESSION = 1;
    static final int USAGE = 2;
    static final int INCONCLUSIVE = 3;

    private static final List<Command> COMMANDS = List.of(new ListCommand(), new AttachCommand(), new ReportCommand(),
            new CheckCommand(), new DemoCommand(), new WeaveCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(usage());
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            out.println(BuildInfo.current().line());
            return OK;
        }
        Command command = COMMANDS.stream().filter(c -> c.spec().name.equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("bloatscope: unknown command '" + args[0] + "' (commands: "
                    + String.join(", ", COMMANDS.stream().map(c -> c.spec().name).toList()) + "; see --help)");
            return USAGE;
        }
        try {
            CommandLine line = CommandLine.parse(command.spec(), Arrays.copyOfRange(args, 1, args.length));
            if (line.help) {
                out.print(command.spec().help());
                return OK;
            }
            return command.run(line, out, err);
        } catch (UsageError e) {
            err.println("bloatscope: " + e.getMessage());
            return USAGE;
        }
    }

    /** Each command's usage line and the first line of what it does, from the specs themselves. */
    private static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar bloatscope.jar <command> [arguments]\ncommands:\n");
        for (Command command : COMMANDS) {
            CommandSpec spec = command.spec();
            usage.append("  ").append(spec.usage().substring("usage: bloatscope ".length())).append('\n')
                    .append("      ").append(spec.description.lines().findFirst().orElse("")).append('\n');
        }
        return usage.append("'<command> --help' shows a command's options; --version (-V) which build this is.\n")
                .append("as an agent: java -javaagent:bloatscope.jar=out=/tmp/app-%p.jsonl,interval=1s -jar app.jar\n")
                .toString();
    }
}
