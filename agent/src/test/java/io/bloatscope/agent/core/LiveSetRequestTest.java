package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.write.JsonLine;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveSetRequestTest {
    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");
    private final AtomicLong now = new AtomicLong(0);
    private final AtomicInteger collections = new AtomicInteger();

    private LiveSetRequest request(String options, List<String> flags, List<String> collectors) throws OptionError {
        return LiveSetRequest.create(AgentOptions.parse(options), flags, collectors, collections::incrementAndGet,
                () -> 1234L, now::get);
    }

    private static String section(LiveSetRequest request, boolean atExit) {
        JsonLine line = new JsonLine().begin();
        request.beforeSnapshot(line, atExit);
        return line.end().toString();
    }

    @Test
    void offMeansNoRequest() throws OptionError {
        assertNull(request("", List.of(), G1));
        assertNull(request("liveSet=off", List.of(), G1));
    }

    @Test
    void exitCollectsOnlyAtExitAndRecordsTheHeapAfterIt() throws OptionError {
        LiveSetRequest request = request("liveSet=exit,interval=1s", List.of(), G1);
        for (int tick = 1; tick <= 100; tick++) {
            now.set(tick * 1000L);
            assertEquals("{}", section(request, false));
        }
        String exit = section(request, true);
        assertTrue(exit.matches("\\{\"liveSet\":\\{\"reason\":\"exit\",\"bytes\":1234,\"gcMillis\":\\d+}}"), exit);
        assertEquals(1, collections.get());
    }

    @Test
    void anIntervalCollectsAtMostOncePerIntervalAndAtExit() throws OptionError {
        LiveSetRequest request = request("liveSet=10s,interval=1s", List.of(), G1);
        int intervalSnapshots = 0;
        for (int tick = 1; tick <= 35; tick++) {
            now.set(tick * 1000L);
            String json = section(request, false);
            if (json.contains("\"reason\":\"interval\"")) {
                intervalSnapshots++;
                assertEquals(0, tick % 10, "at " + tick + " s");
            }
        }
        assertEquals(3, intervalSnapshots);
        assertTrue(section(request, true).contains("\"reason\":\"exit\""));
        assertEquals(4, collections.get());
    }

    @Test
    void disableExplicitGcIsRecordedAsSkippedNeverAsALiveSet() throws OptionError {
        LiveSetRequest request = request("liveSet=exit", List.of("-Xmx64m", "-XX:+DisableExplicitGC"), G1);
        assertEquals("{\"liveSet\":{\"reason\":\"exit\",\"skipped\":\"-XX:+DisableExplicitGC\"}}", section(request, true));
        assertEquals(0, collections.get());
        LiveSetRequest reenabled = request("liveSet=exit",
                List.of("-XX:+DisableExplicitGC", "-XX:-DisableExplicitGC"), G1);
        assertTrue(section(reenabled, true).contains("\"bytes\":1234"));
    }

    @Test
    void aConcurrentCycleIsMarkedAsSuch() throws OptionError {
        assertTrue(section(request("liveSet=exit", List.of("-XX:+ExplicitGCInvokesConcurrent"), G1), true)
                .contains("\"concurrent\":true"));
        assertFalse(section(request("liveSet=exit", List.of(), G1), true).contains("concurrent"));
        assertTrue(LiveSetRequest.runsConcurrently(List.of(), List.of("ZGC Cycles", "ZGC Pauses")));
        assertTrue(LiveSetRequest.runsConcurrently(List.of(), List.of("Shenandoah Cycles", "Shenandoah Pauses")));
        assertFalse(LiveSetRequest.runsConcurrently(List.of("-XX:-ExplicitGCInvokesConcurrent"),
                List.of("Shenandoah Cycles", "Shenandoah Pauses")));
        assertFalse(LiveSetRequest.runsConcurrently(List.of("-XX:+ExplicitGCInvokesConcurrent"),
                List.of("PS Scavenge", "PS MarkSweep")));
    }

    @Test
    void aFailingRequestIsDroppedForTheRun() throws OptionError {
        LiveSetRequest request = LiveSetRequest.create(AgentOptions.parse("liveSet=exit"), List.of(), G1,
                () -> {
                    collections.incrementAndGet();
                    throw new IllegalStateException("no");
                }, () -> 1L, now::get);
        assertEquals("{}", section(request, true));
        assertEquals("{}", section(request, true));
        assertEquals(1, collections.get());
    }
}
