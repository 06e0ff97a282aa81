package io.bloatscope.report.render;

import io.bloatscope.report.model.Capture;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Markdown for pull-request comments: the headline in bold, the trim estimate, a verdict table, the
 * parts judged and not judged, evidence, sites and remedies per verdict (an INCONCLUSIVE one quoted), the ledger table, the captures near the memory limit, the run's facts folded away. Target strings are escaped
 * for Markdown and for the HTML that GitHub lets through, so a class name cannot open a tag or
 * break a table.
 */
final class MarkdownRenderer implements Renderer {

    @Override
    public void render(Diagnosis diagnosis, Appendable out) throws IOException {
        out.append("## bloatscope: ").append(escape(FactRows.subject(diagnosis.facts))).append("\n\n");
        out.append("**").append(escape(Headline.of(diagnosis))).append("**\n\n");
        out.append(escape(TrimSentence.of(diagnosis.trimEstimate))).append("\n\n");
        out.append("| verdict | confidence | summary |\n|---|---:|---|\n");
        for (Verdict verdict : RankedVerdicts.of(diagnosis)) {
            out.append("| `").append(verdict.kind.name()).append("` | ").append(HumanUnits.confidence(verdict.confidence))
                    .append(verdict.kind == VerdictKind.INCONCLUSIVE ? " (suspicion)" : "")
                    .append(" | ").append(escape(verdict.summary)).append(" |\n");
        }
        out.append('\n');
        for (Verdict verdict : RankedVerdicts.of(diagnosis)) {
            verdict(verdict, out);
        }
        ledger(diagnosis, out);
        captures(diagnosis, out);
        List<String[]> facts = FactRows.of(diagnosis.facts);
        if (!facts.isEmpty()) {
            out.append("<details><summary>Run facts</summary>\n\n| fact | value |\n|---|---|\n");
            for (String[] row : facts) {
                out.append("| ").append(escape(row[0])).append(" | ").append(escape(row[1])).append(" |\n");
            }
            out.append("\n</details>\n\n");
        }
        if (!diagnosis.notes.isEmpty()) {
            out.append("### Notes\n\n");
            for (String note : diagnosis.notes) {
                out.append("- ").append(escape(note)).append('\n');
            }
            out.append('\n');
        }
    }

    private static void verdict(Verdict verdict, Appendable out) throws IOException {
        if (verdict.evidence.isEmpty() && verdict.sites.isEmpty() && verdict.remedies.isEmpty()
                && verdict.judged.isEmpty() && verdict.notJudged.isEmpty()) {
            return;
        }
        out.append("### ").append(Headline.kindLabel(verdict.kind)).append(" (`").append(verdict.kind.name())
                .append("`, ").append(Judgement.confidenceWord(verdict)).append(' ')
                .append(HumanUnits.confidence(verdict.confidence)).append(")\n\n");
        if (verdict.kind == VerdictKind.INCONCLUSIVE) {
            out.append("> ").append(escape(verdict.summary)).append("\n\n");
        }
        if (!verdict.judged.isEmpty()) {
            out.append("Judged: ").append(escape(Judgement.judged(verdict))).append("\n\n");
        }
        if (!verdict.notJudged.isEmpty()) {
            out.append("Not judged:\n\n");
            for (NotJudged part : verdict.notJudged) {
                out.append("- **").append(escape(LedgerPart.labelOf(part.part))).append("**: ").append(escape(part.reason))
                        .append("; step: ").append(escape(part.remedy)).append('\n');
            }
            out.append('\n');
        }
        if (!verdict.evidence.isEmpty()) {
            out.append("| evidence | value |\n|---|---:|\n");
            for (Map.Entry<String, Object> item : verdict.evidence.entrySet()) {
                out.append("| ").append(escape(HumanUnits.label(item.getKey()))).append(" | ")
                        .append(escape(HumanUnits.value(item.getKey(), item.getValue()))).append(" |\n");
            }
            out.append('\n');
        }
        if (!verdict.sites.isEmpty()) {
            out.append("| allocation site | bytes |\n|---|---:|\n");
            for (Site site : verdict.sites) {
                out.append("| ").append(escape(site.label())).append(" | ").append(HumanUnits.bytes(site.bytes)).append(" |\n");
            }
            out.append('\n');
        }
        if (!verdict.remedies.isEmpty()) {
            out.append("Remedies:\n\n");
            for (String remedy : verdict.remedies) {
                out.append("- ").append(escape(remedy)).append('\n');
            }
            out.append('\n');
        }
    }

    private static void ledger(Diagnosis diagnosis, Appendable out) throws IOException {
        List<LedgerRows> rows = LedgerRows.of(diagnosis);
        if (rows.isEmpty()) {
            return;
        }
        out.append("### Memory ledger\n\n| part | latest | share | peak | share |\n|---|---:|---:|---:|---:|\n");
        for (LedgerRows row : rows) {
            String label = row.label.equals("RSS") || row.unexplained ? "**" + row.label + "**" : row.label;
            out.append("| ").append(label).append(" | ").append(row.latestBytes).append(" | ").append(row.latestShare)
                    .append(" | ").append(row.peakBytes).append(" | ").append(row.peakShare).append(" |\n");
        }
        out.append('\n').append(LedgerRows.when(diagnosis)).append("\n\n");
    }

    private static void captures(Diagnosis diagnosis, Appendable out) throws IOException {
        if (diagnosis.captures.isEmpty()) {
            return;
        }
        out.append("### Captures near the memory limit\n\n");
        for (Capture capture : diagnosis.captures) {
            out.append("- ").append(escape(CaptureText.sentence(capture))).append(". ");
            boolean first = true;
            for (String[] row : CaptureText.evidence(capture)) {
                out.append(first ? "" : ", ").append(escape(row[0])).append(' ').append(escape(row[1]));
                first = false;
            }
            for (Site site : capture.sites) {
                out.append("; `").append(escape(site.frame)).append("` ").append(HumanUnits.bytes(site.bytes));
            }
            out.append('\n');
        }
        out.append('\n');
    }

    /**
     * Backslash-escapes the Markdown characters that act inside a line or table cell and turns {@code <}, {@code >} and
     * {@code &} into entities (GitHub renders inline HTML); line breaks become spaces so a value
     * stays in its table cell.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': escaped.append("&lt;"); break;
                case '>': escaped.append("&gt;"); break;
                case '&': escaped.append("&amp;"); break;
                case '\n': case '\r': case '\t': escaped.append(' '); break;
                default:
                    if ("\\`*_[]|~".indexOf(c) >= 0) {
                        escaped.append('\\').append(c);
                    } else if (Character.isISOControl(c)) {
                        escaped.append(' ');
                    } else {
                        escaped.append(c);
                    }
            }
        }
        return escaped.toString();
    }
}
