package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bloatscope.agent.write.JsonLine;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledTest {
    @Test
    void aSamplerDueEveryTickRunsAtEveryTickDespiteJitter() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Sampler counting = new Sampler() {
            @Override
            public String name() {
                return "smaps";
            }

            @Override
            public void sample(JsonLine snapshot) {
                calls.incrementAndGet();
            }
        };
        AtomicLong now = new AtomicLong(0);
        Throttled throttled = new Throttled(counting, 250, 250, now::get);
        for (long step : new long[] {0, 249, 251, 126, 252, 130}) {
            now.addAndGet(step);
            tick(throttled);
        }
        assertEquals(6, calls.get());
    }

    @Test
    void runsAtFirstTickThenAtMostOncePerPeriodAndWritesNothingInBetween() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Sampler counting = new Sampler() {
            @Override
            public String name() {
                return "smaps";
            }

            @Override
            public void sample(JsonLine snapshot) {
                snapshot.field("smaps", calls.incrementAndGet());
            }
        };
        AtomicLong now = new AtomicLong(5_000);
        Throttled throttled = new Throttled(counting, 60_000, 1_000, now::get);
        assertEquals("{\"smaps\":1}", tick(throttled));
        now.addAndGet(59_000);
        assertEquals("{}", tick(throttled), "absent, not repeated, between reads");
        now.addAndGet(250);
        assertEquals("{\"smaps\":2}", tick(throttled), "a tick arriving up to 3/4 of a tick early still reads");
        now.addAndGet(1_000);
        assertEquals("{}", tick(throttled));
        assertEquals("smaps", throttled.name());
    }

    private static String tick(Sampler sampler) throws Exception {
        JsonLine line = new JsonLine().begin();
        sampler.sample(line);
        return line.end().toString();
    }
}
