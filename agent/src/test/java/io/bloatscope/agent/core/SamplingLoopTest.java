package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.write.JsonLine;
import io.bloatscope.agent.write.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplingLoopTest {
    @TempDir
    Path dir;

    private SamplingLoop loop;

    @AfterEach
    void stopLoop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Always works: one small object per call. */
    static final class GoodSampler implements Sampler {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String name() {
            return "good";
        }

        @Override
        public void sample(JsonLine snapshot) {
            snapshot.beginObject("good").field("call", calls.incrementAndGet()).endObject();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** Works once, then fails halfway through its section with containers left open. */
    static final class FailingSampler implements Sampler {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void sample(JsonLine snapshot) {
            int call = calls.incrementAndGet();
            snapshot.beginObject("flaky").field("call", call).beginArray("parts").element("half");
            if (call >= 2) {
                snapshot.beginElementObject().field("broken", true);
                throw new IllegalStateException("source went away");
            }
            snapshot.endArray().endObject();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static List<String> lines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "file ends with a whole line");
        return List.of(text.split("\n"));
    }

    private static List<Thread> samplerThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("bloatscope-sampler") && thread.isAlive()) {
                found.add(thread);
            }
        }
        return found;
    }

    private static void assertNoSamplerThreadSoon() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!samplerThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), samplerThreads(), "no bloatscope-sampler thread left running");
    }

    @Test
    void aFailingSamplerIsDroppedAndTheOthersGoOn() throws Exception {
        GoodSampler good = new GoodSampler();
        FailingSampler flaky = new FailingSampler();
        AgentOptions options = AgentOptions.parse("out=" + dir + "/x-%p.jsonl,interval=100ms");
        loop = new SamplingLoop(options, false, () -> List.of(flaky, good));

        Future<Path> opened = loop.start();
        Path path = opened.get(5, TimeUnit.SECONDS);
        assertEquals(dir.resolve("x-" + ProcessHandle.current().pid() + ".jsonl"), path);
        assertEquals(path, loop.path());
        Thread.sleep(1000);
        assertTrue(loop.isWriting());
        loop.stop();
        assertNoSamplerThreadSoon();

        List<String> lines = lines(path);
        Map<String, Object> header = StrictJson.object(lines.get(0));
        assertEquals("header", header.get("type"));
        assertEquals(0L, header.get("part"));
        assertEquals(100L, header.get("intervalMillis"));
        assertEquals(List.of("flaky", "good"), header.get("samplers"));
        assertEquals(options.toString(), header.get("options"));

        List<Map<String, Object>> snapshots = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, Object> object = StrictJson.object(line); // every line well-formed
            assertEquals("snapshot", object.get("type"), line);
            snapshots.add(object);
        }
        assertTrue(snapshots.size() >= 5, "about ten ticks in a second, got " + snapshots.size());
        assertTrue(snapshots.size() <= 13, "ticks once per interval, got " + snapshots.size());

        for (int i = 0; i < snapshots.size(); i++) {
            Map<String, Object> snapshot = snapshots.get(i);
            assertEquals((long) i, snapshot.get("seq"));
            assertInstanceOf(Long.class, snapshot.get("timeMillis"));
            assertInstanceOf(Long.class, snapshot.get("uptimeMillis"));
            assertEquals(Map.of("call", (long) i + 1), snapshot.get("good"), "good sampler in every snapshot");
            Map<?, ?> agent = (Map<?, ?>) snapshot.get("agent");
            Map<?, ?> samplerMicros = (Map<?, ?>) agent.get("samplerMicros");
            assertTrue(samplerMicros.containsKey("good"));
            assertTrue((Long) agent.get("tickCpuMicros") >= 0, "CPU time of the tick: " + agent);
            if (i == 0) {
                assertEquals(Map.of("call", 1L, "parts", List.of("half")), snapshot.get("flaky"));
                assertTrue(samplerMicros.containsKey("flaky"));
                assertFalse(agent.containsKey("disabledSamplers"));
            } else {
                assertFalse(snapshot.containsKey("flaky"), "no half-written section: " + lines.get(i + 1));
                assertFalse(samplerMicros.containsKey("flaky"));
                assertEquals(List.of("flaky"), agent.get("disabledSamplers"));
            }
        }
        for (int i = 1; i < snapshots.size(); i++) {
            assertTrue((Long) snapshots.get(i).get("timeMillis") >= (Long) snapshots.get(i - 1).get("timeMillis"));
        }
        assertEquals(2, flaky.calls.get(), "never called again after failing");
        assertEquals(1, flaky.closes.get(), "closed when dropped");
        assertEquals(1, good.closes.get(), "closed on stop");
        assertEquals(snapshots.size(), good.calls.get());

        int before = lines(path).size();
        Thread.sleep(300);
        assertEquals(before, lines(path).size(), "nothing written after stop");
    }

    @Test
    void appendContinuesTheFileOfAPreviousLoop() throws Exception {
        AgentOptions options = AgentOptions.parse("out=" + dir + "/x-%p.jsonl,interval=100ms");
        loop = new SamplingLoop(options, false, () -> List.of(new GoodSampler()));
        Path path = loop.start().get(5, TimeUnit.SECONDS);
        loop.stop();
        int first = lines(path).size();
        assertTrue(first >= 2, "header and the first snapshot at open");

        loop = new SamplingLoop(options, true, () -> List.of(new GoodSampler()));
        assertEquals(path, loop.start().get(5, TimeUnit.SECONDS));
        loop.stop();
        List<String> lines = lines(path);
        assertEquals("header", StrictJson.object(lines.get(first)).get("type"), "a new header after the old lines");
        assertEquals("snapshot", StrictJson.object(lines.get(first + 1)).get("type"));
    }

    @Test
    void aMissingOutputDirectoryFailsTheFutureOnly() throws Exception {
        GoodSampler good = new GoodSampler();
        AgentOptions options = AgentOptions.parse("out=" + dir + "/missing/x-%p.jsonl,interval=100ms");
        loop = new SamplingLoop(options, false, () -> List.of(good));

        Future<Path> opened = loop.start();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> opened.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause());
        assertFalse(loop.isWriting());
        assertNull(loop.path());
        assertEquals(1, good.closes.get(), "samplers created for the run are closed");
        assertEquals(0, good.calls.get(), "nothing sampled");
        assertNoSamplerThreadSoon(); // the thread ends by itself, before any stop()

        loop.stop();
        assertNoSamplerThreadSoon();
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void startNeverThrowsWhenOpeningFailsAtOnce() throws Exception {
        // Opening fails as fast as it can; start() must still hand the failure back only through
        // the future, however the sampling thread and the caller interleave.
        AgentOptions options = AgentOptions.parse("out=" + dir + "/missing/x-%p.jsonl,interval=100ms");
        AgentLog.setLevel("off"); // 200 identical error lines would only bury the build output
        try {
            for (int i = 0; i < 200; i++) {
                SamplingLoop failing = new SamplingLoop(options, false, List::of);
                Future<Path> opened = failing.start();
                assertThrows(ExecutionException.class, () -> opened.get(5, TimeUnit.SECONDS));
                failing.stop();
            }
        } finally {
            AgentLog.setLevel("info");
        }
        assertNoSamplerThreadSoon();
    }

    @Test
    void aFactoryThatThrowsFailsTheFutureOnly() throws Exception {
        AgentOptions options = AgentOptions.parse("out=" + dir + "/x-%p.jsonl,interval=100ms");
        loop = new SamplingLoop(options, false, () -> {
            throw new IllegalStateException("no beans");
        });
        Future<Path> opened = loop.start();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> opened.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertFalse(loop.isWriting());
        loop.stop();
        assertNoSamplerThreadSoon();
    }
}
