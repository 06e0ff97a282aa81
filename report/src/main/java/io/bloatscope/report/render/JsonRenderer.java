package io.bloatscope.report.render;

import io.bloatscope.report.json.JsonWriter;
import io.bloatscope.report.model.Capture;
import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.TrimEstimate;
import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report JSON contract (fields in docs/snapshot-format.md, JSON Schema in docs/schema), which CI
 * scripts parse: {@code schema}, {@code verdicts} (highest confidence first, sorted here again so
 * the order never depends on the engine), and
 * {@code ledger} with the latest and peak breakdown. Additive fields only: {@code seriesNames} per
 * verdict, the ledger's part labels and snapshot count, the captures near the memory limit, the
 * run's {@code facts} (with how it ended) and {@code notes}.
 * The full time series stay out: a week at 1 s would make a file no script wants.
 */
final class JsonRenderer implements Renderer {
    static final int SCHEMA = 1;

    @Override
    public void render(Diagnosis diagnosis, Appendable out) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("schema", SCHEMA);
        report.put("headline", Headline.of(diagnosis));
        List<Verdict> sorted = RankedVerdicts.of(diagnosis);
        List<Object> verdicts = new ArrayList<>();
        for (Verdict verdict : sorted) {
            verdicts.add(verdict(verdict));
        }
        report.put("verdicts", verdicts);
        report.put("trimEstimate", trimEstimate(diagnosis.trimEstimate));
        report.put("ledger", ledger(diagnosis));
        List<Object> captures = new ArrayList<>();
        for (Capture capture : diagnosis.captures) {
            captures.add(capture(capture));
        }
        report.put("captures", captures);
        report.put("facts", diagnosis.facts == null ? Map.of() : diagnosis.facts);
        report.put("notes", diagnosis.notes);
        new JsonWriter(out, "  ").value(report);
        out.append('\n');
    }

    private static Map<String, Object> verdict(Verdict verdict) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", verdict.kind.name());
        json.put("confidence", verdict.confidence);
        json.put("summary", verdict.summary);
        json.put("evidence", verdict.evidence);
        json.put("sites", sites(verdict.sites));
        json.put("remedies", verdict.remedies);
        json.put("seriesNames", verdict.seriesNames);
        json.put("judged", verdict.judged);
        List<Object> notJudged = new ArrayList<>();
        for (NotJudged part : verdict.notJudged) {
            Map<String, Object> partJson = new LinkedHashMap<>();
            partJson.put("part", part.part);
            partJson.put("reason", part.reason);
            partJson.put("remedy", part.remedy);
            notJudged.add(partJson);
        }
        json.put("notJudged", notJudged);
        return json;
    }

    /** One capture near the memory limit, with the evidence and sites of that moment. */
    private static Map<String, Object> capture(Capture capture) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timeMillis", capture.timeMillis);
        json.put("threshold", capture.threshold);
        json.put("limitBytes", capture.limitBytes);
        json.put("limitSource", capture.limitSource);
        json.put("usageBytes", capture.usageBytes);
        json.put("usage", capture.usage);
        json.put("growthBytesPerMinute", capture.growthBytesPerMinute);
        json.put("secondsToLimit", capture.secondsToLimit);
        json.put("evidence", capture.evidence);
        json.put("sites", sites(capture.sites));
        return json;
    }

    private static List<Object> sites(List<Site> found) {
        List<Object> sites = new ArrayList<>();
        for (Site site : found) {
            Map<String, Object> siteJson = new LinkedHashMap<>();
            siteJson.put("frame", site.frame);
            siteJson.put("bytes", site.bytes);
            for (Map.Entry<String, Object> detail : site.details.entrySet()) {
                siteJson.putIfAbsent(detail.getKey(), detail.getValue());
            }
            sites.add(siteJson);
        }
        return sites;
    }

    private static Map<String, Object> trimEstimate(TrimEstimate trim) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bytes", trim.bytes);
        json.put("low", trim.low);
        json.put("high", trim.high);
        json.put("basis", trim.basis);
        if (trim.allocatorPurge != null) {
            json.put("allocatorPurge", trimEstimate(trim.allocatorPurge));
        }
        return json;
    }

    private static Map<String, Object> ledger(Diagnosis diagnosis) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("latest", entry(diagnosis.latest));
        json.put("peak", entry(diagnosis.peak));
        json.put("snapshots", diagnosis.ledger.size());
        Map<String, Object> labels = new LinkedHashMap<>();
        for (LedgerPart part : LedgerPart.values()) {
            labels.put(part.name(), part.label);
        }
        json.put("partLabels", labels);
        return json;
    }

    /** One entry: its time, RSS, and bytes per part in stacking order (they add up to RSS). */
    private static Map<String, Object> entry(LedgerEntry entry) {
        if (entry == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timeMillis", entry.timeMillis);
        json.put("rssBytes", entry.rssBytes);
        Map<String, Object> bytes = new LinkedHashMap<>();
        for (LedgerPart part : LedgerPart.values()) {
            bytes.put(part.name(), entry.bytes(part));
        }
        json.put("bytes", bytes);
        return json;
    }
}
