package io.bloatscope.report.check;

import java.util.List;

/**
 * The outcomes of one {@code check}, written three ways: text for the build log, JUnit XML (one
 * test case per limit or verdict) so CI systems show it natively, and markdown for a pull-request
 * comment. An inconclusive run is a failure in JUnit XML, or a skipped case when
 * {@code --inconclusive pass} let it through: never a silent pass.
 */
public final class CheckReport {
    public final String runName;
    public final List<CheckOutcome> outcomes;

    public CheckReport(String runName, List<CheckOutcome> outcomes) {
        this.runName = runName;
        this.outcomes = List.copyOf(outcomes);
    }

    public boolean passed() {
        return status() == CheckStatus.PASSED;
    }

    /** A failed limit or verdict wins; then a run that could not be judged; else passed. */
    public CheckStatus status() {
        if (failures() > 0) {
            return CheckStatus.FAILED;
        }
        return inconclusive() != null && !inconclusive().passed ? CheckStatus.INCONCLUSIVE : CheckStatus.PASSED;
    }

    long failures() {
        return outcomes.stream().filter(CheckOutcome::failed).count();
    }

    /** The outcome saying the run could not be judged, or null. */
    CheckOutcome inconclusive() {
        return outcomes.stream().filter(outcome -> outcome.inconclusive).findFirst().orElse(null);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("bloatscope check ").append(runName).append(": ").append(clean(statusLine())).append('\n');
        for (CheckOutcome outcome : outcomes) {
            out.append(outcome.inconclusive ? (outcome.passed ? "  skip " : "  ???  ") : outcome.passed ? "  ok   " : "  FAIL ")
                    .append(outcome.name).append(": ").append(clean(outcome.summary)).append('\n');
            if (!outcome.passed) {
                for (String detail : outcome.details) {
                    out.append("         ").append(clean(detail)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** "PASSED", "FAILED (1 of 6)", "INCONCLUSIVE (…)", each saying when the run could not be judged. */
    private String statusLine() {
        CheckOutcome inconclusive = inconclusive();
        switch (status()) {
            case FAILED:
                return "FAILED (" + failures() + " of " + outcomes.size() + (inconclusive == null ? ")" : "; also inconclusive)");
            case INCONCLUSIVE:
                return "INCONCLUSIVE (a part that matters could not be judged; exit 3)";
            default:
                return inconclusive == null ? "PASSED" : "PASSED, but inconclusive (let through by --inconclusive pass)";
        }
    }

    public String junitXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long skipped = outcomes.stream().filter(outcome -> outcome.inconclusive && outcome.passed).count();
        long failed = outcomes.stream().filter(outcome -> !outcome.passed).count();
        xml.append("<testsuite name=\"bloatscope check\" tests=\"").append(outcomes.size())
                .append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\">\n");
        for (CheckOutcome outcome : outcomes) {
            xml.append("  <testcase classname=\"bloatscope.check\" name=\"").append(xml(outcome.name)).append('"');
            if (outcome.inconclusive && outcome.passed) {
                xml.append(">\n    <skipped message=\"").append(xml("passed by --inconclusive pass; " + outcome.summary))
                        .append("\"/>\n  </testcase>\n");
            } else if (outcome.passed) {
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
        String status = status() == CheckStatus.FAILED ? "**failed**"
                : status() == CheckStatus.INCONCLUSIVE ? "**inconclusive**: a part could not be judged"
                : inconclusive() != null ? "passed, **inconclusive** (let through by `--inconclusive pass`)" : "passed";
        md.append("### bloatscope check: ").append(status)
                .append(" (").append(failures()).append(" of ").append(outcomes.size()).append(" failed)\n\n")
                .append("| | check | result |\n|---|---|---|\n");
        for (CheckOutcome outcome : outcomes) {
            md.append("| ").append(outcome.inconclusive ? "⚠️" : outcome.passed ? "✅" : "❌").append(" | `")
                    .append(cell(outcome.name))
                    .append("` | ").append(cell(outcome.summary)).append(" |\n");
        }
        for (CheckOutcome outcome : outcomes) {
            if ((!outcome.passed || outcome.inconclusive) && !outcome.details.isEmpty()) {
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
