package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.Fixtures;
import io.bloatscope.agent.JsonAssert;
import io.bloatscope.agent.write.JsonLine;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrimTest {
    private static final long K = 1024;
    private static final long M = 1024 * 1024;

    @Test
    void jdk17Capture() {
        TrimResult r = TrimResult.parse(Fixtures.text("jdk17/trim.txt"));
        assertTrue(r.supported());
        assertEquals(186 * M, r.rssBeforeBytes());
        assertEquals(159 * M, r.rssAfterBytes());
        assertEquals(27572 * K, r.releasedBytes(), "from the more precise change, not 186M-159M");
        assertEquals(-1, r.durationMillis());
    }

    @Test
    void jdk25Capture() {
        TrimResult r = TrimResult.parse(Fixtures.text("jdk25/trim.txt"));
        assertEquals(197 * M, r.rssBeforeBytes());
        assertEquals(170 * M, r.rssAfterBytes());
        assertEquals(27588 * K, r.releasedBytes());
    }

    @Test
    void otherFormats() {
        TrimResult grew = TrimResult.parse("Trim native heap: RSS+Swap: 1G->1G (+12K)\n");
        assertEquals(-12 * K, grew.releasedBytes());
        TrimResult bytes = TrimResult.parse("Trim native heap: RSS+Swap: 99B->98B (-1B)");
        assertEquals(99, bytes.rssBeforeBytes());

        // JDK 18-20, written from HotSpot's trimCHeapDCmd.cpp of that time (not captured).
        TrimResult old = TrimResult.parse("Attempting trim...\nDone.\n"
                + "Virtual size before: 8998792k, after: 8998792k, (0k)\n"
                + "RSS before: 189632k, after: 162000k, (-27632k)\n"
                + "Swap before: 100k, after: 0k, (-100k)\n");
        assertEquals((189632 + 100) * K, old.rssBeforeBytes());
        assertEquals(162000 * K, old.rssAfterBytes());
        assertEquals((189632 + 100 - 162000) * K, old.releasedBytes());

        TrimResult noDetails = TrimResult.parse("Trim native heap: (no details available).\n");
        assertTrue(noDetails.supported());
        assertFalse(noDetails.hasSizes());

        assertFalse(TrimResult.parse("Not available.\n").supported());
        assertThrows(IllegalArgumentException.class, () -> TrimResult.parse("Unknown diagnostic command"));
        assertThrows(IllegalArgumentException.class, () -> TrimResult.parse("Trim native heap: RSS+Swap: 18"));
    }

    @Test
    void probeInThisJvm() throws Exception {
        TrimProbe probe = TrimProbe.createIfSupported(DiagnosticCommand.platform());
        assertTrue(probe != null, "17.0.9+ and 25 both have System.trim_native_heap");
        TrimResult r = probe.trimNow();
        assertTrue(r.supported());
        assertTrue(r.rssBeforeBytes() > 10 * M, r.toString());
        assertTrue(r.durationMillis() >= 0);
    }

    @Test
    void periodicProbeIsRateLimitedAndDemandRunsAtOnce() throws Exception {
        TrimProbe probe = TrimProbe.createIfSupported(DiagnosticCommand.platform());
        AtomicLong now = new AtomicLong(1_000);
        TrimSampler sampler = new TrimSampler(probe, 60_000, true, now::get);

        assertEquals("{}", tick(sampler), "no probe before the first period");
        TrimResult answer = sampler.probeNow();
        assertTrue(answer.supported() && answer.rssBeforeBytes() > 10 * M, answer.toString());
        String demanded = tick(sampler);
        assertTrue(demanded.contains("\"trigger\":\"demand\""), demanded);
        assertEquals(answer.rssBeforeBytes(), JsonAssert.number(demanded, "rssBeforeBytes"), demanded);
        assertEquals("{}", tick(sampler), "a demanded result is written once");

        now.addAndGet(59_000);
        assertEquals("{}", tick(sampler), "the period counts from the demanded probe");
        now.addAndGet(1_000);
        String periodic = tick(sampler);
        assertTrue(periodic.contains("\"trigger\":\"interval\""), periodic);
        now.addAndGet(1_000);
        assertEquals("{}", tick(sampler), "rate limit holds");
    }

    @Test
    void onDemandOnlySamplerNeverProbesByItself() throws Exception {
        TrimProbe probe = TrimProbe.createIfSupported(DiagnosticCommand.platform());
        AtomicLong now = new AtomicLong(0);
        TrimSampler sampler = new TrimSampler(probe, 1_000, false, now::get);
        now.addAndGet(10_000);
        assertEquals("{}", tick(sampler));
        sampler.probeNow();
        assertTrue(tick(sampler).contains("\"trim\":{"));
    }

    private static String tick(TrimSampler sampler) throws Exception {
        JsonLine line = new JsonLine().begin();
        sampler.sample(line);
        String json = line.end().toString();
        JsonAssert.assertWellFormed(json);
        return json;
    }
}
