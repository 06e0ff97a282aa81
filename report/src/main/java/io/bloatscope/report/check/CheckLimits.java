package io.bloatscope.report.check;

import io.bloatscope.report.model.VerdictKind;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code check} holds a run to, an immutable value built once from its command line. Without
 * options it fails on any leak verdict at confidence ≥ 0.7, passes a healthy run, and calls a run
 * inconclusive when its first verdict is INCONCLUSIVE. The {@link Builder} takes each option's
 * text as the user wrote it and rejects a bad one with an {@link IllegalArgumentException} whose
 * message says what the option accepts (the command line turns it into a usage error).
 */
public final class CheckLimits {
    static final Set<VerdictKind> LEAKS = EnumSet.of(VerdictKind.HEAP_LEAK, VerdictKind.NATIVE_LEAK,
            VerdictKind.DIRECT_BUFFER_LEAK, VerdictKind.MAPPED_BUFFER_LEAK, VerdictKind.METASPACE_LEAK,
            VerdictKind.THREAD_LEAK);
    public static final String SIZE = "a size such as 512MB or 2GB";
    public static final String RATE = "a size per time such as 1MB/min, 512KB/s or 100MB/h";
    public static final String CONFIDENCE = "a number from 0 to 1 such as 0.7";
    public static final String TOLERANCE = "a percentage such as 10% (or 0.1)";
    public static final String INCONCLUSIVE = "pass or fail";

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

    public static Builder builder(Path run) {
        return new Builder(run);
    }

    /** "the kinds HEAP_LEAK,…": every kind {@code --fail-on} accepts. */
    public static String failOnAccepts() {
        return "verdict kinds separated by commas: " + String.join(",", Arrays.stream(VerdictKind.values())
                .filter(kind -> kind != VerdictKind.HEALTHY && kind != VerdictKind.INCONCLUSIVE)
                .map(Enum::name).toArray(String[]::new));
    }

    public static final class Builder {
        private final Path run;
        private Path baseline;
        private long maxRssBytes = -1;
        private double maxHeapGrowth = -1;
        private double maxNativeGrowth = -1;
        private Set<VerdictKind> failOn = LEAKS;
        private double minConfidence = 0.7;
        private double tolerance = 0.10;
        private boolean inconclusivePasses;
        private Path junitXml;
        private Path markdown;

        private Builder(Path run) {
            this.run = run;
        }

        public Builder baseline(Path file) {
            baseline = file;
            return this;
        }

        public Builder maxRss(String size) {
            maxRssBytes = io.bloatscope.format.Units.parseBytes(size);
            if (maxRssBytes <= 0) {
                throw new IllegalArgumentException(SIZE);
            }
            return this;
        }

        public Builder maxHeapGrowth(String rate) {
            maxHeapGrowth = rate(rate);
            return this;
        }

        public Builder maxNativeGrowth(String rate) {
            maxNativeGrowth = rate(rate);
            return this;
        }

        /**
         * The kinds named; INCONCLUSIVE is not one of them because whether a run that could not be
         * judged fails is its own decision ({@code --inconclusive}), taken only when it is the first verdict.
         */
        public Builder failOn(String kinds) {
            Set<VerdictKind> named = EnumSet.noneOf(VerdictKind.class);
            for (String name : kinds.split(",")) {
                VerdictKind kind;
                try {
                    kind = VerdictKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    throw new IllegalArgumentException("no kind '" + name.trim() + "'; " + failOnAccepts());
                }
                if (kind == VerdictKind.INCONCLUSIVE) {
                    throw new IllegalArgumentException("INCONCLUSIVE is not a --fail-on kind: a run that could not be"
                            + " judged fails by default; choose with --inconclusive fail|pass");
                }
                named.add(kind);
            }
            named.remove(VerdictKind.HEALTHY);
            failOn = named;
            return this;
        }

        public Builder minConfidence(String number) {
            minConfidence = fraction(number, CONFIDENCE);
            return this;
        }

        public Builder tolerance(String percentage) {
            String text = percentage.trim();
            tolerance = text.endsWith("%")
                    ? fraction(String.valueOf(number(text.substring(0, text.length() - 1), TOLERANCE) / 100), TOLERANCE)
                    : fraction(text, TOLERANCE);
            return this;
        }

        public Builder inconclusive(String passOrFail) {
            switch (passOrFail.trim().toLowerCase(Locale.ROOT)) {
                case "pass":
                    inconclusivePasses = true;
                    return this;
                case "fail":
                    inconclusivePasses = false;
                    return this;
                default:
                    throw new IllegalArgumentException(INCONCLUSIVE);
            }
        }

        public Builder junitXml(Path file) {
            junitXml = file;
            return this;
        }

        public Builder markdown(Path file) {
            markdown = file;
            return this;
        }

        public CheckLimits build() {
            return new CheckLimits(this);
        }

        private static double rate(String value) {
            double rate = GrowthRate.parseBytesPerMinute(value);
            if (rate < 0) {
                throw new IllegalArgumentException(RATE);
            }
            return rate;
        }

        private static double fraction(String value, String accepted) {
            double number = number(value, accepted);
            if (number < 0 || number > 1) {
                throw new IllegalArgumentException(accepted);
            }
            return number;
        }

        private static double number(String value, String accepted) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(accepted);
            }
        }
    }
}
