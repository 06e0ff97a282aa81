package io.bloatscope.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar bloatscope.jar <command> ...}: the command line. Exit codes are a contract
 * that scripts rely on: 0 ok, 1 {@code check} found a regression, 2 a usage or input error,
 * reported in one line that says what is wrong and how to fix it, 3 {@code check} could not judge
 * a part that matters (inconclusive).
 */
public final class Main {
    static final int OK = 0;
    static final int REGRESSION = 1;
    static final int USAGE = 2;
    static final int INCONCLUSIVE = 3;

    private static final String USAGE_TEXT = String.join("\n",
            "usage: java -jar bloatscope.jar <command> [arguments]",
            "commands:",
            "  list                          running JVMs: pid and main class",
            "  attach <pid> [options]        start sampling in a running JVM (options as for -javaagent)",
            "  attach <pid> status|stop|trim report, stop sampling, or run one trim probe now",
            "  report <file> [-o out] [--format html|text|md|json]",
            "                                what the run's memory did: leak, bloat or healthy, with evidence",
            "  check <file> [--baseline <file>] [--max-rss 512MB] [--max-heap-growth 1MB/min]",
            "        [--max-native-growth 1MB/min] [--fail-on HEAP_LEAK,...] [--inconclusive fail|pass]",
            "        [--junit-xml f] [--markdown f]",
            "                                exit 1 when the run leaks or exceeds a limit, 3 when a part",
            "                                that matters could not be judged (for CI)",
            "  demo [--seconds N] [-o report.html]",
            "                                run a malloc-bloat app under the agent and write its report",
            "  weave [weaveCache=<dir>][,nativeSites=<kinds>] [-- <JVM flags>]",
            "                                fill the weave cache for native sites now (e.g. in an image build),",
            "                                with the JDK the application runs on",
            "as an agent: java -javaagent:bloatscope.jar=out=/tmp/app-%p.jsonl,interval=1s -jar app.jar");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "list":
                    return new ListCommand().run(rest, out, err);
                case "attach":
                    return new AttachCommand().run(rest, out, err);
                case "report":
                    return new ReportCommand().run(rest, out, err);
                case "check":
                    return new CheckCommand().run(rest, out, err);
                case "demo":
                    return new DemoCommand().run(rest, out, err);
                case "weave":
                    return new WeaveCommand().run(rest, out, err);
                default:
                    err.println("bloatscope: unknown command '" + args[0] + "' (commands: list, attach, report, check, demo, weave; see --help)");
                    return USAGE;
            }
        } catch (UsageError e) {
            err.println("bloatscope: " + e.getMessage());
            return USAGE;
        }
    }
}
