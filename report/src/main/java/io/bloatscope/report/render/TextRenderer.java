package io.bloatscope.report.render;

import io.bloatscope.report.model.Capture;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Plain text for terminals and CI logs: the headline and the trim estimate first, then each verdict
 * with the parts it judged and those it could not, its evidence in human units, sites and remedies, the ledger as an aligned table, the captures near the memory limit, the run's facts, notes. Control
 * characters from the target (a thread name with an ANSI escape) are made visible, not sent to the
 * terminal.
 */
final class TextRenderer implements Renderer {
    private static final int WIDTH = 26;

    @Override
    public void render(Diagnosis diagnosis, Appendable out) throws IOException {
        line(out, "bloatscope report: " + clean(FactRows.subject(diagnosis.facts)));
        line(out, "");
        line(out, clean(Headline.of(diagnosis)));
        line(out, clean(TrimSentence.of(diagnosis.trimEstimate)));
        line(out, "");
        verdicts(diagnosis, out);
        ledger(diagnosis, out);
        captures(diagnosis, out);
        facts(diagnosis, out);
        if (!diagnosis.notes.isEmpty()) {
            line(out, "Notes");
            for (String note : diagnosis.notes) {
                line(out, "  - " + clean(note));
            }
            line(out, "");
        }
    }

    private static void verdicts(Diagnosis diagnosis, Appendable out) throws IOException {
        line(out, "Verdicts (findings first, then what could not be judged, then weaker ones)");
        int number = 1;
        for (Verdict verdict : RankedVerdicts.of(diagnosis)) {
            line(out, String.format("  %d. %s  %s %s", number++, verdict.kind.name(), Judgement.confidenceWord(verdict),
                    HumanUnits.confidence(verdict.confidence)));
            line(out, "     " + clean(verdict.summary));
            judgement(verdict, out);
            if (!verdict.evidence.isEmpty()) {
                line(out, "     Evidence");
                for (Map.Entry<String, Object> item : verdict.evidence.entrySet()) {
                    line(out, "       " + pad(clean(HumanUnits.label(item.getKey())), WIDTH) + " "
                            + clean(HumanUnits.value(item.getKey(), item.getValue())));
                }
            }
            if (!verdict.sites.isEmpty()) {
                line(out, "     Allocation sites");
                for (Site site : verdict.sites) {
                    line(out, "       " + leftPad(HumanUnits.bytes(site.bytes), 10) + "  " + clean(site.label()));
                }
            }
            if (!verdict.remedies.isEmpty()) {
                line(out, "     Remedies");
                for (String remedy : verdict.remedies) {
                    line(out, "       - " + clean(remedy));
                }
            }
        }
        line(out, "");
    }

    /** The parts judged on one line; each part not judged with why and the step that settles it. */
    private static void judgement(Verdict verdict, Appendable out) throws IOException {
        if (!verdict.judged.isEmpty()) {
            line(out, "     Judged: " + clean(Judgement.judged(verdict)));
        }
        if (!verdict.notJudged.isEmpty()) {
            line(out, "     Not judged");
            for (NotJudged part : verdict.notJudged) {
                line(out, "       " + clean(LedgerPart.labelOf(part.part)) + ": " + clean(part.reason));
                line(out, "         step: " + clean(part.remedy));
            }
        }
    }

    private static void ledger(Diagnosis diagnosis, Appendable out) throws IOException {
        List<LedgerRows> rows = LedgerRows.of(diagnosis);
        if (rows.isEmpty()) {
            line(out, "Memory ledger: no snapshot to split");
            line(out, "");
            return;
        }
        line(out, "Memory ledger (RSS split into parts that add up)");
        line(out, "  " + pad("", WIDTH) + leftPad("latest", 12) + leftPad("share", 8) + leftPad("peak", 12)
                + leftPad("share", 8));
        for (LedgerRows row : rows) {
            line(out, "  " + pad(row.label, WIDTH) + leftPad(row.latestBytes, 12) + leftPad(row.latestShare, 8)
                    + leftPad(row.peakBytes, 12) + leftPad(row.peakShare, 8));
        }
        line(out, "  " + LedgerRows.when(diagnosis));
        line(out, "");
    }

    private static void captures(Diagnosis diagnosis, Appendable out) throws IOException {
        if (diagnosis.captures.isEmpty()) {
            return;
        }
        line(out, "Captures near the memory limit");
        int number = 1;
        for (Capture capture : diagnosis.captures) {
            line(out, "  " + number++ + ". " + clean(CaptureText.sentence(capture)));
            for (String[] row : CaptureText.evidence(capture)) {
                line(out, "       " + pad(clean(row[0]), WIDTH) + " " + clean(row[1]));
            }
            for (Site site : capture.sites) {
                line(out, "       " + leftPad(HumanUnits.bytes(site.bytes), 10) + "  " + clean(site.frame));
            }
        }
        line(out, "");
    }

    private static void facts(Diagnosis diagnosis, Appendable out) throws IOException {
        List<String[]> rows = FactRows.of(diagnosis.facts);
        if (rows.isEmpty()) {
            return;
        }
        line(out, "Run");
        for (String[] row : rows) {
            line(out, "  " + pad(clean(row[0]), WIDTH) + " " + clean(row[1]));
        }
        line(out, "");
    }

    /** Control characters shown as \\uXXXX so target strings cannot drive the terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                clean.append(String.format("\\u%04x", (int) c));
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String leftPad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static void line(Appendable out, String line) throws IOException {
        out.append(line).append('\n');
    }
}
