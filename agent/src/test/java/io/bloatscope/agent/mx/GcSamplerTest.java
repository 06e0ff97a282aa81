package io.bloatscope.agent.mx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.JsonAssert;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GcSamplerTest {

    private static String histogramText(String json) {
        String marker = "\"pauseMillisHistogram\":\"";
        int start = json.indexOf(marker) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private static Histogram decode(String text) {
        return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
    }

    @Test
    void eachIntervalHoldsThePausesRecordedInItAndNoOthers() throws Exception {
        // No collectors: only the pauses the test records, none of this JVM's own.
        GcSampler sampler = new GcSampler(List.of());
        try {
            String empty = JsonAssert.sampleOnce(sampler);
            assertEquals("{\"gc\":{\"collectors\":[],\"pauseCount\":0,\"pauseTotalMillis\":0,\"pauseMaxMillis\":0,"
                    + "\"pauseMillisHistogram\":\"" + histogramText(empty) + "\"}}", empty);
            assertEquals(0, decode(histogramText(empty)).getTotalCount());

            sampler.recordPause(7);
            sampler.recordPause(30);
            String two = JsonAssert.sampleOnce(sampler);
            assertEquals(2, JsonAssert.number(two, "pauseCount"));
            assertEquals(37, JsonAssert.number(two, "pauseTotalMillis"));
            assertEquals(30, JsonAssert.number(two, "pauseMaxMillis"));
            Histogram pauses = decode(histogramText(two));
            assertEquals(2, pauses.getTotalCount());
            assertEquals(1, pauses.getCountAtValue(7));
            assertEquals(1, pauses.getCountAtValue(30));

            assertEquals(empty, JsonAssert.sampleOnce(sampler), "an interval without pauses, as at the start");

            sampler.recordPause(5);
            String one = JsonAssert.sampleOnce(sampler);
            assertEquals(1, JsonAssert.number(one, "pauseCount"));
            assertEquals(1, decode(histogramText(one)).getCountAtValue(5));
            assertEquals(empty, JsonAssert.sampleOnce(sampler));
        } finally {
            sampler.close();
        }
    }

    @Test
    void writesThisJvmsCollectors() throws Exception {
        GcSampler sampler = new GcSampler();
        try {
            System.gc();
            String json = JsonAssert.sampleOnce(sampler);
            assertTrue(json.contains("\"collectors\":[{\"name\":\""), json);
        } finally {
            sampler.close();
        }
    }
}
