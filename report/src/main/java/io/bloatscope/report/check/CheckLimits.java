package io.bloatscope.report.check;

import io.bloatscope.report.model.VerdictKind;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code check} holds a run to, parsed once from its command line. Without options it fails
 * on any leak verdict at confidence ≥ 0.7, passes a healthy run, and calls a run inconclusive
 * when its first verdict is INCONCLUSIVE.
 */
public final class CheckLimits {
    static final String USAGE = "usage: check <run.jsonl> [--baseline <run.jsonl>] [--max-rss 512MB]"
            + " [--max-heap-growth 1MB/min] [--max-native-growth 1MB/min] [--fail-on HEAP_LEAK,NATIVE_LEAK,...]"
            + " [--min-confidence 0.7] [--tolerance 10%] [--inconclusive fail|pass] [--junit-xml out.xml] [--markdown out.md]";
    static final Set<VerdictKind> LEAKS = EnumSet.of(VerdictKind.HEAP_LEAK, VerdictKind.NATIVE_LEAK,
            VerdictKind.DIRECT_BUFFER_LEAK, VerdictKind.METASPACE_LEAK, VerdictKind.THREAD_LEAK);

    public final Path run;
    public final Path baseline;
    /** -1 when not limited. */
    public final long maxRssBytes;
    public final double maxHeapGrowthBytesPerMinute;
    public final double maxNativeGrowthBytesPerMinute;
    public final Set<VerdictKind> failOn;
    public final double minConfidence;
    /** Relative tolerance against the baseline, e.g. 0.10. */
    public final double tolerance;
    /** Whether a run whose first verdict is INCONCLUSIVE passes (exit 0) instead of exiting 3. */
    public final boolean inconclusivePasses;
    public final Path junitXml;
    public final Path markdown;

    private CheckLimits(Builder b) {
        run = b.run;
        baseline = b.baseline;
        maxRssBytes = b.maxRssBytes;
        maxHeapGrowthBytesPerMinute = b.maxHeapGrowth;
        maxNativeGrowthBytesPerMinute = b.maxNativeGrowth;
        failOn = b.failOn;
        minConfidence = b.minConfidence;
        tolerance = b.tolerance;
        inconclusivePasses = b.inconclusivePasses;
        junitXml = b.junitXml;
        markdown = b.markdown;
    }

    /** Parses the arguments after {@code check}; a mistake is an {@link IllegalArgumentException} of one line. */
    public static CheckLimits parse(String[] args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (b.run != null) {
                    throw new IllegalArgumentException("more than one run given ('" + b.run + "', '" + arg + "'); " + USAGE);
                }
                b.run = Path.of(arg);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--baseline":
                    b.baseline = Path.of(value);
                    break;
                case "--max-rss":
                    b.maxRssBytes = io.bloatscope.agent.core.Units.parseBytes(value);
                    if (b.maxRssBytes <= 0) {
                        throw new IllegalArgumentException("bad --max-rss '" + value + "' (a size such as 512MB or 2GB)");
                    }
                    break;
                case "--max-heap-growth":
                    b.maxHeapGrowth = rate(arg, value);
                    break;
                case "--max-native-growth":
                    b.maxNativeGrowth = rate(arg, value);
                    break;
                case "--fail-on":
                    b.failOn = kinds(value);
                    break;
                case "--min-confidence":
                    b.minConfidence = fraction(arg, value, "a number from 0 to 1 such as 0.7");
                    break;
                case "--tolerance":
                    b.tolerance = fraction(arg, value.endsWith("%") ? String.valueOf(
                            parseDouble(arg, value.substring(0, value.length() - 1)) / 100) : value,
                            "a percentage such as 10% (or 0.1)");
                    break;
                case "--inconclusive":
                    b.inconclusivePasses = inconclusive(value);
                    break;
                case "--junit-xml":
                    b.junitXml = Path.of(value);
                    break;
                case "--markdown":
                    b.markdown = Path.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        if (b.run == null) {
            throw new IllegalArgumentException("no run given; " + USAGE);
        }
        return new CheckLimits(b);
    }

    private static double rate(String option, String value) {
        double rate = GrowthRate.parseBytesPerMinute(value);
        if (rate < 0) {
            throw new IllegalArgumentException("bad " + option + " '" + value + "' (a size per time such as 1MB/min, 512KB/s, 100MB/h)");
        }
        return rate;
    }

    private static boolean inconclusive(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "pass":
                return true;
            case "fail":
                return false;
            default:
                throw new IllegalArgumentException("bad --inconclusive '" + value + "' (pass or fail)");
        }
    }

    /**
     * The kinds named; INCONCLUSIVE is not one of them because whether a run that could not be
     * judged fails is its own decision ({@code --inconclusive}), taken only when it is the first verdict.
     */
    private static Set<VerdictKind> kinds(String value) {
        Set<VerdictKind> kinds = EnumSet.noneOf(VerdictKind.class);
        for (String name : value.split(",")) {
            VerdictKind kind;
            try {
                kind = VerdictKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("bad --fail-on kind '" + name.trim() + "' (kinds: "
                        + String.join(",", failingKinds()) + ")");
            }
            if (kind == VerdictKind.INCONCLUSIVE) {
                throw new IllegalArgumentException("--fail-on does not take INCONCLUSIVE: a run that could not be judged"
                        + " fails by default; choose with --inconclusive fail|pass");
            }
            kinds.add(kind);
        }
        kinds.remove(VerdictKind.HEALTHY);
        return kinds;
    }

    /** Every kind --fail-on accepts. */
    static String[] failingKinds() {
        return java.util.Arrays.stream(VerdictKind.values())
                .filter(kind -> kind != VerdictKind.HEALTHY && kind != VerdictKind.INCONCLUSIVE)
                .map(Enum::name).toArray(String[]::new);
    }

    private static double fraction(String option, String value, String accepted) {
        double number = parseDouble(option, value);
        if (number < 0 || number > 1) {
            throw new IllegalArgumentException("bad " + option + " '" + value + "' (" + accepted + ")");
        }
        return number;
    }

    private static double parseDouble(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + option + " '" + value + "' (a number)");
        }
    }

    private static final class Builder {
        Path run;
        Path baseline;
        long maxRssBytes = -1;
        double maxHeapGrowth = -1;
        double maxNativeGrowth = -1;
        Set<VerdictKind> failOn = LEAKS;
        double minConfidence = 0.7;
        double tolerance = 0.10;
        boolean inconclusivePasses;
        Path junitXml;
        Path markdown;
    }
}
