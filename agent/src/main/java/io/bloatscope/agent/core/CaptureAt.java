package io.bloatscope.agent.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The {@code captureAt} option: percentages of the memory limit joined by {@code +}
 * ({@code 75%+90%}, the default) or {@code off}. Each is above 0 and below 100 (at 100 % the OOM
 * killer has already acted), at most one decimal; parsed into ascending fractions.
 */
final class CaptureAt {
    static final String DEFAULT = "75%+90%";
    /** More thresholds would only repeat the same evidence; a few bound the file's growth too. */
    static final int MAX_THRESHOLDS = 5;

    private CaptureAt() {
    }

    static List<Double> parse(String text) throws OptionError {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("off")) {
            return List.of();
        }
        List<Double> fractions = new ArrayList<>();
        for (String item : lower.split("\\+", -1)) {
            String percent = item.trim();
            if (!percent.matches("[0-9]{1,2}(\\.[0-9])?%")) {
                throw bad(text);
            }
            double fraction = Double.parseDouble(percent.substring(0, percent.length() - 1)) / 100;
            if (fraction <= 0 || fractions.contains(fraction)) {
                throw bad(text);
            }
            fractions.add(fraction);
        }
        if (fractions.size() > MAX_THRESHOLDS) {
            throw bad(text);
        }
        Collections.sort(fractions);
        return List.copyOf(fractions);
    }

    /** The canonical form: ascending, e.g. {@code 75%+90%}, or {@code off}. */
    static String format(List<Double> fractions) {
        if (fractions.isEmpty()) {
            return "off";
        }
        StringBuilder out = new StringBuilder();
        for (double fraction : fractions) {
            if (out.length() > 0) {
                out.append('+');
            }
            out.append(BigDecimal.valueOf(fraction * 100).setScale(1, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString()).append('%');
        }
        return out.toString();
    }

    private static OptionError bad(String text) {
        return new OptionError("bad value '" + text + "' for option 'captureAt' (accepted: off, or up to "
                + MAX_THRESHOLDS + " different percentages of the memory limit above 0% and below 100% joined by +, "
                + "such as " + DEFAULT + " (the default) or 50%+75%+90%)");
    }
}
