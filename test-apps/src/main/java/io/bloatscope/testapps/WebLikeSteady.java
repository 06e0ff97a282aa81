package io.bloatscope.testapps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

/**
 * A steady web-like service: {@code --threads} worker threads share the request rate; each request
 * parses a JSON-like body into a map, looks the customer up in a bounded LRU cache (filling it on a
 * miss), renders a JSON-like response of varied size, gzips it with a {@link Deflater} of its own
 * that is always {@code end()}ed, and uses a per-request scratch buffer of 512 B–128 KB. The
 * Deflaters on several threads make glibc hand out and take back its arenas' memory all the time
 * (each one mallocs about 270 KB of zlib state), and the heap sees steady young-generation churn,
 * but nothing is kept beyond the cache's bound. Expected verdict: <b>HEALTHY</b>, every part judged
 * (RSS settles once the heap and the arenas have sized themselves). On JDK 18+ it also serves to
 * check the report's trim estimate against a real {@code System.trim_native_heap}: the arenas keep
 * free memory between bursts.
 *
 * <p>Options: {@code --threads} (default 3), {@code --rate} requests per second in all (default
 * 600), {@code --cache-entries} (default 4000), {@code --seconds}. Prints
 * {@code requests=<n> cacheEntries=<n>} before {@code DONE}.
 */
public final class WebLikeSteady {
    private static final int MIN_SCRATCH_BYTES = 512;
    private static final int MAX_SCRATCH_BYTES = 128 << 10;

    /** A bounded LRU cache of customer profiles, shared by the workers. */
    static final class ProfileCache extends LinkedHashMap<String, String> {
        private final int capacity;

        ProfileCache(int capacity) {
            super(capacity * 2, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > capacity;
        }
    }

    private final ProfileCache cache;
    private final AtomicLong requests = new AtomicLong();
    static volatile long sink;

    private WebLikeSteady(int cacheEntries) {
        this.cache = new ProfileCache(cacheEntries);
    }

    public static void main(String[] argv) throws InterruptedException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("threads", 3L, "rate", 600L, "cache-entries", 4000L));
        int threads = (int) args.positive("threads");
        long rate = args.positive("rate");
        int cacheEntries = (int) args.positive("cache-entries");
        WebLikeSteady service = new WebLikeSteady(cacheEntries);
        ScenarioRun run = new ScenarioRun(args);
        // Each worker serves its share of every step's requests; the main thread keeps the schedule.
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Worker worker = new Worker(service, t);
            workers.add(worker);
            Thread thread = new Thread(worker, "http-worker-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        run.ready();
        while (run.nextStep()) {
            long stepRequests = run.perStep(rate);
            CountDownLatch served = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                long share = stepRequests / threads + (t < stepRequests % threads ? 1 : 0);
                workers.get(t).assign(share, served);
            }
            served.await();
        }
        int cached;
        synchronized (service.cache) {
            cached = service.cache.size();
        }
        System.out.println("requests=" + service.requests.get() + " cacheEntries=" + cached);
        run.finish();
    }

    /** A pooled worker thread: waits for its share of a step's requests, serves them, reports back. */
    static final class Worker implements Runnable {
        private final WebLikeSteady service;
        private final SplittableRandom random;
        private long assigned;
        private CountDownLatch done;

        Worker(WebLikeSteady service, int seed) {
            this.service = service;
            this.random = new SplittableRandom(1000 + seed);
        }

        synchronized void assign(long count, CountDownLatch served) {
            assigned = count;
            done = served;
            notifyAll();
        }

        @Override
        public void run() {
            while (true) {
                long count;
                CountDownLatch served;
                synchronized (this) {
                    while (done == null) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    count = assigned;
                    served = done;
                    done = null;
                }
                for (long i = 0; i < count; i++) {
                    sink += service.handle(random);
                }
                served.countDown();
            }
        }
    }

    /** One request: parse, look up (LRU), render, gzip (Deflater ended), scratch buffer. */
    long handle(SplittableRandom random) {
        requests.incrementAndGet();
        String customer = "c" + random.nextInt(cache.capacity * 2); // about half the lookups miss
        String body = "{\"customer\":\"" + customer + "\",\"items\":" + random.nextInt(1, 40)
                + ",\"currency\":\"EUR\",\"note\":\"" + "x".repeat(random.nextInt(0, 200)) + "\"}";
        Map<String, String> request = parse(body);
        String profile;
        synchronized (cache) {
            profile = cache.get(request.get("customer"));
        }
        if (profile == null) {
            profile = "{\"name\":\"" + customer + "\",\"tier\":" + (customer.hashCode() & 3) + ",\"since\":" + (2000 + (customer.hashCode() & 15)) + "}";
            synchronized (cache) {
                cache.put(customer, profile);
            }
        }
        String response = render(profile, Integer.parseInt(request.get("items")), random);
        byte[] gzipped = gzip(response.getBytes(StandardCharsets.UTF_8));
        byte[] scratch = new byte[random.nextInt(MIN_SCRATCH_BYTES, MAX_SCRATCH_BYTES + 1)];
        scratch[scratch.length - 1] = (byte) gzipped.length;
        return gzipped.length + scratch[scratch.length - 1];
    }

    /** A minimal flat JSON object parser: string and number values, no nesting. */
    static Map<String, String> parse(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int i = json.indexOf('{') + 1;
        while (i < json.length()) {
            int keyStart = json.indexOf('"', i);
            if (keyStart < 0) {
                break;
            }
            int keyEnd = json.indexOf('"', keyStart + 1);
            int colon = json.indexOf(':', keyEnd);
            int valueStart = colon + 1;
            int valueEnd;
            String value;
            if (json.charAt(valueStart) == '"') {
                valueEnd = json.indexOf('"', valueStart + 1);
                value = json.substring(valueStart + 1, valueEnd);
                valueEnd++;
            } else {
                valueEnd = valueStart;
                while (valueEnd < json.length() && json.charAt(valueEnd) != ',' && json.charAt(valueEnd) != '}') {
                    valueEnd++;
                }
                value = json.substring(valueStart, valueEnd).trim();
            }
            fields.put(json.substring(keyStart + 1, keyEnd), value);
            i = valueEnd + 1;
        }
        return fields;
    }

    private static String render(String profile, int items, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(256 + items * 160);
        sb.append("{\"profile\":").append(profile).append(",\"lines\":[");
        for (int i = 0; i < items; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(random.nextInt(100_000))
                    .append("\",\"qty\":").append(random.nextInt(1, 9)).append(",\"price\":")
                    .append(random.nextInt(100, 100_000) / 100.0).append(",\"desc\":\"")
                    .append("item description ".repeat(random.nextInt(1, 6))).append("\"}");
        }
        return sb.append("]}").toString();
    }

    /** Deflates a response with a Deflater of its own, ended in every case (the healthy way). */
    private static byte[] gzip(byte[] input) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(input);
            deflater.finish();
            byte[] buffer = new byte[input.length / 2 + 64];
            int length = 0;
            while (!deflater.finished()) {
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                length += deflater.deflate(buffer, length, buffer.length - length);
            }
            return java.util.Arrays.copyOf(buffer, length);
        } finally {
            deflater.end();
        }
    }
}
