package io.bloatscope.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.model.LedgerPart;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRendererTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(io.bloatscope.report.model.Diagnosis diagnosis) throws IOException {
        StringBuilder out = new StringBuilder();
        new JsonRenderer().render(diagnosis, out);
        return Json.parseObject(out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void followsTheContractWithVerdictsSortedByConfidence() throws IOException {
        Map<String, Object> report = render(Diagnoses.bloat(120));
        assertEquals(1L, report.get("schema"));
        List<Map<String, Object>> verdicts = (List<Map<String, Object>>) report.get("verdicts");
        assertEquals(List.of("MALLOC_BLOAT", "HEAP_LEAK"), List.of(verdicts.get(0).get("kind"), verdicts.get(1).get("kind")));
        for (Map<String, Object> verdict : verdicts) {
            assertTrue(verdict.keySet().containsAll(List.of("kind", "confidence", "summary", "evidence", "sites", "remedies")),
                    verdict.keySet().toString());
        }
        Map<String, Object> top = verdicts.get(0);
        assertEquals(0.9, (Double) top.get("confidence"), 1e-9);
        assertEquals(480L << 20, ((Map<String, Object>) top.get("evidence")).get("retainedBytes"));
        Map<String, Object> site = ((List<Map<String, Object>>) top.get("sites")).get(0);
        assertEquals("com.example.Pool.grow(Pool.java:42)", site.get("frame"));
        assertEquals(300L << 20, site.get("bytes"));
        assertEquals(1200L, site.get("count"), "site details are flattened into the site");
        assertEquals(List.of("Set MALLOC_ARENA_MAX=2", "Run with -XX:TrimNativeHeapInterval=60000"), top.get("remedies"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ledgerHasLatestAndPeakWithEveryPartAddingUpToRss() throws IOException {
        Map<String, Object> ledger = (Map<String, Object>) render(Diagnoses.bloat(600)).get("ledger");
        for (String which : List.of("latest", "peak")) {
            Map<String, Object> entry = (Map<String, Object>) ledger.get(which);
            Map<String, Object> bytes = (Map<String, Object>) entry.get("bytes");
            assertEquals(LedgerPart.values().length, bytes.size());
            long sum = 0;
            for (Object part : bytes.values()) {
                sum += (Long) part;
            }
            assertEquals(entry.get("rssBytes"), sum, which);
            assertTrue(entry.get("timeMillis") instanceof Long);
        }
        assertEquals(600L, ledger.get("snapshots"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostileStringsRoundTripExactly() throws IOException {
        Map<String, Object> report = render(Diagnoses.bloat(3));
        Map<String, Object> leak = ((List<Map<String, Object>>) report.get("verdicts")).get(1);
        Map<String, Object> site = ((List<Map<String, Object>>) leak.get("sites")).get(0);
        assertEquals(Diagnoses.HOSTILE, site.get("frame"));
        assertEquals(List.of("Note with " + Diagnoses.HOSTILE), report.get("notes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void carriesJudgedNotJudgedAndTheTrimEstimate() throws IOException {
        Map<String, Object> report = render(Diagnoses.inconclusive(10));
        assertTrue(((String) report.get("headline")).startsWith("Inconclusive: Java heap (resident) (no collection"));
        Map<String, Object> top = ((List<Map<String, Object>>) report.get("verdicts")).get(0);
        assertEquals("INCONCLUSIVE", top.get("kind"));
        assertEquals(List.of("METASPACE", "CODE_CACHE"), top.get("judged"));
        List<Map<String, Object>> notJudged = (List<Map<String, Object>>) top.get("notJudged");
        assertEquals(Map.of("part", "JAVA_HEAP", "reason", "no collection in the last 35 s", "remedy", "run with liveSet=exit"),
                notJudged.get(0));
        assertEquals("2 smaps reads " + Diagnoses.HOSTILE, notJudged.get(1).get("reason"), "round-trips exactly");
        assertEquals(Map.of("bytes", 120L << 20, "low", 80L << 20, "high", 140L << 20, "basis", "malloc_info whole free pages"),
                report.get("trimEstimate"));
        Map<String, Object> unknown = (Map<String, Object>) render(Diagnoses.bloat(3)).get("trimEstimate");
        assertTrue(unknown.containsKey("bytes") && unknown.get("bytes") == null, "null bytes, stated: " + unknown);
        assertEquals("not estimated", unknown.get("basis"));
    }

    @Test
    void noSnapshotsGivesNullLedgerEntriesNotAFailure() throws IOException {
        Map<String, Object> report = render(Diagnoses.healthy(0));
        assertEquals(null, ((Map<?, ?>) report.get("ledger")).get("latest"));
    }
}
