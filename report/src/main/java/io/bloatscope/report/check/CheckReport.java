package io.bloatscope.report.check;

import java.util.List;

/**
 * The outcomes of one {@code check}, written three ways: text for the build log, JUnit XML (one
 * test case per limit or verdict) so CI systems show it natively, and markdown for a pull-request
 * comment.
 */
public final class CheckReport {
    public final String runName;
    public final List<CheckOutcome> outcomes;

    public CheckReport(String runName, List<CheckOutcome> outcomes) {
        this.runName = runName;
        this.outcomes = List.copyOf(outcomes);
    }

    public boolean passed() {
        return outcomes.stream().allMatch(outcome -> outcome.passed);
    }

    long failures() {
        return outcomes.stream().filter(outcome -> !outcome.passed).count();
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("bloatscope check ").append(runName).append(": ")
                .append(passed() ? "PASSED" : "FAILED (" + failures() + " of " + outcomes.size() + ")").append('\n');
        for (CheckOutcome outcome : outcomes) {
            out.append(outcome.passed ? "  ok   " : "  FAIL ").append(outcome.name).append(": ")
                    .append(clean(outcome.summary)).append('\n');
            if (!outcome.passed) {
                for (String detail : outcome.details) {
                    out.append("         ").append(clean(detail)).append('\n');
                }
            }
        }
        return out.toString();
    }

    public String junitXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"bloatscope check\" tests=\"").append(outcomes.size())
                .append("\" failures=\"").append(failures()).append("\" errors=\"0\" skipped=\"0\">\n");
        for (CheckOutcome outcome : outcomes) {
            xml.append("  <testcase classname=\"bloatscope.check\" name=\"").append(xml(outcome.name)).append('"');
            if (outcome.passed) {
                xml.append("/>\n");
            } else {
                xml.append(">\n    <failure message=\"").append(xml(outcome.summary)).append("\">")
                        .append(xml(String.join("\n", outcome.details))).append("</failure>\n  </testcase>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### bloatscope check: ").append(passed() ? "passed" : "**failed**")
                .append(" (").append(failures()).append(" of ").append(outcomes.size()).append(" failed)\n\n")
                .append("| | check | result |\n|---|---|---|\n");
        for (CheckOutcome outcome : outcomes) {
            md.append("| ").append(outcome.passed ? "✅" : "❌").append(" | `").append(cell(outcome.name))
                    .append("` | ").append(cell(outcome.summary)).append(" |\n");
        }
        for (CheckOutcome outcome : outcomes) {
            if (!outcome.passed && !outcome.details.isEmpty()) {
                md.append("\n<details><summary>").append(cell(outcome.name)).append("</summary>\n\n```\n");
                for (String detail : outcome.details) {
                    md.append(clean(detail).replace("```", "'''")).append('\n');
                }
                md.append("```\n</details>\n");
            }
        }
        return md.toString();
    }

    /** Target strings (class names, sites) may hold anything: no control characters in a log line. */
    private static String clean(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static String cell(String text) {
        return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "\\|").replace("`", "'");
    }

    private static String xml(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\n': out.append("&#10;"); break;
                default:
                    // XML 1.0 cannot carry most control characters at all, escaped or not.
                    out.append(c < 0x20 && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }
}
