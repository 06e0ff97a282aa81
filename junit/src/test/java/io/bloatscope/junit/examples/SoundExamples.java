package io.bloatscope.junit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bloatscope.junit.LeakTest;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Code that does not leak, though it allocates, caches or churns: each test must pass. */
public class SoundExamples {
    static final Map<Integer, byte[]> CACHE = new HashMap<>();
    static final ExecutorService POOL = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "sound-example-pool");
        thread.setDaemon(true);
        return thread;
    });
    static int calls;

    /** A cache that fills during the first 30 repetitions (past the warm-up) and then stays full. */
    @LeakTest(repetitions = 100)
    void cacheFilledOnce() {
        calls++;
        if (CACHE.size() < 30) {
            CACHE.put(calls, new byte[64 * 1024]);
        }
    }

    /** Lots of garbage, nothing kept. */
    @LeakTest(repetitions = 100)
    void garbageOnly() {
        long sum = 0;
        for (int i = 0; i < 2000; i++) {
            sum += new byte[1024].length + String.valueOf(i).length();
        }
        if (sum < 0) {
            throw new AssertionError();
        }
    }

    /** A real library's objects created, used and dropped every repetition. */
    @LeakTest(repetitions = 100)
    void jacksonChurn() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Object> order = Map.of("id", calls++, "items", List.of("a", "b", "c"), "total", 12.5);
        String json = mapper.writeValueAsString(order);
        JsonNode parsed = mapper.readTree(json);
        if (parsed.get("items").size() != 3) {
            throw new AssertionError(json);
        }
    }

    /** Native resources used and released properly. */
    @LeakTest(repetitions = 100)
    void nativeResourcesClosed() throws Exception {
        Deflater deflater = new Deflater();
        Inflater inflater = new Inflater();
        try {
            byte[] input = new byte[32 * 1024];
            deflater.setInput(input);
            deflater.finish();
            byte[] compressed = new byte[64 * 1024];
            int length = deflater.deflate(compressed);
            inflater.setInput(compressed, 0, length);
            inflater.inflate(new byte[input.length]);
        } finally {
            deflater.end();
            inflater.end();
        }
        ByteBuffer.allocateDirect(32 * 1024).putInt(0, 1);
    }

    /** A shared pool is used, not created, per repetition. */
    @LeakTest(repetitions = 100)
    void sharedThreadPool() throws Exception {
        POOL.submit(() -> calls++).get();
    }
}
