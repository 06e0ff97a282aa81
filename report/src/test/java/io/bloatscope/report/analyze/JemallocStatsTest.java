package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.model.Diagnosis;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.NotJudged;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.ColumnarReader;
import io.bloatscope.report.read.RunColumns;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * MallocBloat under jemalloc on JDK 25 with jemalloc's own statistics (allocatorStats=on,
 * --enable-native-access=ALL-UNNAMED): the malloc parts are judged from them, with jemalloc's remedies,
 * and the trim estimate says what jemalloc's purge, not malloc_trim, would give back.
 */
class JemallocStatsTest {
    private static final String RUN = "MallocBloat-jemallocStats-25";
    private static final Pattern GLIBC_REMEDY = Pattern.compile(
            "MALLOC_ARENA_MAX|TrimNativeHeapInterval|trim_native_heap|attach <pid> trim|malloc_trim|LD_PRELOAD");

    @Test
    void whatJemallocKeepsIsJudgedWithJemallocsRemedies() throws IOException {
        Diagnosis d = Diagnoser.diagnose(RealRunsTest.run(RUN));
        Verdict first = d.verdicts.get(0);
        assertEquals(VerdictKind.MALLOC_BLOAT, first.kind, first.summary);
        assertTrue(first.summary.startsWith("jemalloc keeps"), first.summary);
        assertTrue(first.judged.contains("MALLOC_RETAINED"), first.judged.toString());
        assertEquals("jemalloc", first.evidence.get("allocator"));
        assertNotNull(first.evidence.get("cannotSee"), "says what jemalloc's figures cannot see");
        assertTrue(first.remedies.stream().anyMatch(r -> r.contains("background_thread:true")), first.remedies.toString());
        for (Verdict v : d.verdicts) {
            for (String remedy : v.remedies) {
                assertFalse(GLIBC_REMEDY.matcher(remedy).find(), v.kind + " recommends a glibc remedy: " + remedy);
            }
            for (NotJudged n : v.notJudged) {
                assertFalse(n.part.equals("MALLOC_RETAINED") && n.reason.contains("jemalloc"), n.reason);
            }
        }
        assertTrue(d.notes.stream().anyMatch(n -> n.contains("jemalloc's") && n.contains("mmap")), d.notes.toString());
    }

    @Test
    void theLedgerTakesMallocFromJemallocsFigures() throws IOException {
        Diagnosis d = Diagnoser.diagnose(RealRunsTest.run(RUN));
        RunColumns c = ColumnarReader.read(RealRunsTest.run(RUN));
        int last = c.size() - 1;
        long kept = c.get(Column.JEMALLOC_RESIDENT, last) - c.get(Column.JEMALLOC_ALLOCATED, last);
        long inUse = c.get(Column.JEMALLOC_ALLOCATED, last) - c.get(Column.NMT_MALLOC, last);
        assertEquals(Math.max(0, inUse), d.latest.bytes(LedgerPart.MALLOC_IN_USE));
        // what is kept, at most what RSS leaves room for
        assertTrue(d.latest.bytes(LedgerPart.MALLOC_RETAINED) <= kept && d.latest.bytes(LedgerPart.MALLOC_RETAINED)
                > 0.8 * kept, d.latest.bytes(LedgerPart.MALLOC_RETAINED) + " of " + kept);
        assertFalse(d.latest.unmeasured.contains(LedgerPart.MALLOC_RETAINED));
        long sum = 0;
        for (LedgerPart part : LedgerPart.values()) {
            sum += d.latest.bytes(part);
        }
        assertEquals(d.latest.rssBytes, sum);
    }

    @Test
    void noMallocTrimEstimateButJemallocsPurge() throws IOException {
        Diagnosis d = Diagnoser.diagnose(RealRunsTest.run(RUN));
        assertNull(d.trimEstimate.bytes, "malloc_trim is glibc's: " + d.trimEstimate.basis);
        assertTrue(d.trimEstimate.basis.contains("jemalloc"), d.trimEstimate.basis);
        assertNotNull(d.trimEstimate.allocatorPurge);
        RunColumns c = ColumnarReader.read(RealRunsTest.run(RUN));
        int last = c.size() - 1;
        long residentBeyondActive = c.get(Column.JEMALLOC_RESIDENT, last) - c.get(Column.JEMALLOC_ACTIVE, last);
        assertEquals(residentBeyondActive, d.trimEstimate.allocatorPurge.high);
        assertTrue(d.trimEstimate.allocatorPurge.bytes > 100L << 20 && d.trimEstimate.allocatorPurge.bytes
                <= residentBeyondActive, String.valueOf(d.trimEstimate.allocatorPurge.bytes));
        assertTrue(d.trimEstimate.allocatorPurge.basis.contains("not malloc_trim"), d.trimEstimate.allocatorPurge.basis);
    }

    /** The recorded run without jemalloc's statistics leaves the malloc parts open, as before. */
    @Test
    void withoutTheStatisticsTheMallocPartsStayOpenAndSayHowToGetThem() throws IOException {
        Diagnosis d = Diagnoser.diagnose(RealRunsTest.run("MallocBloat-jemalloc-25"));
        assertNull(d.trimEstimate.allocatorPurge);
        assertTrue(d.trimEstimate.basis.contains("allocatorStats=on"), d.trimEstimate.basis);
        assertTrue(d.verdicts.stream().flatMap(v -> v.notJudged.stream())
                .anyMatch(n -> n.part.equals("MALLOC_RETAINED") && n.remedy.contains("allocatorStats")),
                d.verdicts.toString());
    }
}
