package io.bloatscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every command answers --help and -h with its own usage (exit 0), and its usage errors read
 * alike: one line on standard error, naming the argument and what it accepts, exit 2.
 */
class CommandHelpAndUsageTest {
    private static final List<String> COMMANDS = List.of("report", "check", "attach", "demo", "list", "weave");

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void everyCommandAnswersHelpWithItsOwnUsage() {
        for (String command : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                String[] result = run(command, flag);
                assertEquals("0", result[0], command + " " + flag + ": " + result[2]);
                assertTrue(result[1].startsWith("usage: bloatscope " + command), result[1]);
                assertTrue(result[1].contains("-h, --help"), result[1]);
                assertEquals("", result[2]);
            }
        }
        String check = run("check", "--help")[1];
        assertTrue(check.contains("--inconclusive fail|pass") && check.contains("--max-rss 512MB"), check);
        assertTrue(run("report", "r.jsonl", "-h")[1].contains("-o, --output report.html"), "help wins wherever it is");
    }

    @Test
    void eachCommandsUsageErrorIsOneLineNamingTheArgumentAndWhatItAccepts() {
        Map<List<String>, String> errors = Map.of(
                List.of("report", "r.jsonl", "--format", "pdf"), "report: bad --format 'pdf': one of html, text, md, json",
                List.of("check", "r.jsonl", "--max-rss", "lots"), "check: bad --max-rss 'lots': a size such as 512MB or 2GB",
                List.of("attach", "jvm"), "attach: 'jvm' is not a pid (a process id such as 1234",
                List.of("demo", "--seconds", "0"), "demo: bad --seconds '0': a whole number of seconds from 1 to 3600",
                List.of("list", "extra"), "list: unexpected argument 'extra' (list takes no arguments",
                List.of("weave", "interval=1s"), "weave: unknown agent option 'interval=1s' (weave takes the options weaveCache and nativeSites");
        errors.forEach((args, expected) -> {
            String[] result = run(args.toArray(new String[0]));
            assertEquals("2", result[0], args + ": " + result[2]);
            assertEquals("", result[1], args.toString());
            assertEquals(1, result[2].lines().count(), args + ": " + result[2]);
            assertTrue(result[2].startsWith("bloatscope: " + expected), args + ": " + result[2]);
        });
    }

    @Test
    void theParserNamesUnknownOptionsMissingValuesAndMissingArguments() {
        assertTrue(run("check", "r.jsonl", "--colour", "red")[2].startsWith(
                "bloatscope: check: unknown option '--colour' (check takes --baseline, --max-rss,"));
        assertTrue(run("check", "r.jsonl", "--max-rss")[2].startsWith(
                "bloatscope: check: --max-rss needs a value: a size such as 512MB or 2GB"));
        assertTrue(run("check", "--max-rss", "1GB")[2].startsWith("bloatscope: check: <run.jsonl> missing (usage: bloatscope check"));
        assertTrue(run("check", "r.jsonl", "--fail-on", "INCONCLUSIVE")[2].contains(
                "bad --fail-on 'INCONCLUSIVE': INCONCLUSIVE is not a --fail-on kind"), "points to --inconclusive");
        assertTrue(run("check", "r.jsonl", "--fail-on", "HEAP_LEAKS")[2].contains("NATIVE_CHURN,NATIVE_HELD"));
        assertTrue(run("check", "r.jsonl", "--inconclusive", "maybe")[2].contains("bad --inconclusive 'maybe': pass or fail"));
        assertTrue(run("attach")[2].startsWith("bloatscope: attach: <pid> [key=value,...|status|stop|trim] missing"));
    }

    @Test
    void versionAndTopLevelHelp() {
        for (String flag : List.of("--version", "-V")) {
            String[] result = run(flag);
            assertEquals("0", result[0]);
            assertTrue(result[1].matches("bloatscope \\S+ \\(commit \\S+, built \\S+\\)\\n"), result[1]);
        }
        String[] help = run("--help");
        assertEquals("0", help[0]);
        for (String command : COMMANDS) {
            assertTrue(help[1].contains("\n  " + command), command + " in " + help[1]);
        }
        assertEquals("2", run()[0], "no command at all is a usage error");
        assertFalse(run("frobnicate")[2].contains("\n "), "one line");
    }
}
