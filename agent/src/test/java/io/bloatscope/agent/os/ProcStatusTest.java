package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.Fixtures;
import io.bloatscope.agent.JsonAssert;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final long KB = 1024;

    @Test
    void parsesJdk17Capture() {
        ProcStatus s = ProcStatus.parse(Fixtures.text("jdk17/proc-status.txt"));
        assertEquals(189632 * KB, s.vmRssBytes);
        assertEquals(189632 * KB, s.vmHwmBytes);
        assertEquals(8998792 * KB, s.vmSizeBytes);
        assertEquals(156716 * KB, s.rssAnonBytes);
        assertEquals(32916 * KB, s.rssFileBytes);
        assertEquals(0, s.rssShmemBytes);
        assertEquals(0, s.vmSwapBytes);
        assertEquals(40, s.threads);
    }

    @Test
    void parsesJdk25Capture() {
        ProcStatus s = ProcStatus.parse(Fixtures.text("jdk25/proc-status.txt"));
        assertEquals(202628 * KB, s.vmRssBytes);
        assertEquals(165340 * KB, s.rssAnonBytes);
        assertEquals(37288 * KB, s.rssFileBytes);
        assertEquals(39, s.threads);
    }

    @Test
    void missingAndTruncatedLinesAreAbsentNotZero() {
        ProcStatus s = ProcStatus.parse("Name:\tjava\nVmRSS:\t  1000 kB\nRssAnon:\t");
        assertEquals(1000 * KB, s.vmRssBytes);
        assertEquals(-1, s.rssAnonBytes);
        assertEquals(-1, s.threads);
        assertEquals(-1, ProcStatus.parse("").vmRssBytes);
    }

    @Test
    void samplerWritesThisProcess() throws Exception {
        String json = JsonAssert.sampleOnce(new ProcessSampler());
        assertTrue(json.startsWith("{\"process\":{"), json);
        assertTrue(JsonAssert.number(json, "vmRssBytes") > 10L << 20, json);
        assertTrue(JsonAssert.number(json, "vmHwmBytes") >= JsonAssert.number(json, "vmRssBytes"), json);
        assertTrue(JsonAssert.number(json, "threads") > 1, json);
    }
}
