package io.bloatscope.testapps;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A healthy service under load: a cache of a fixed number of entries whose values are constantly
 * replaced, plus short-lived request garbage. Allocation is heavy (tens of MB/s) but the live set
 * is fixed, so young GCs are frequent and the old generation's usage after GC stays flat. Expected
 * verdict: <b>HEALTHY</b>: nothing grows, no pool trends up after GC, RSS settles once the heap has
 * sized itself.
 *
 * <p>Every third step it also compresses a response with zlib and inflates it back, as a service
 * compressing its answers does, with {@code new Deflater()} and {@code new Inflater()} ended
 * after use: native memory taken and given back, never growing. (About three of each a second:
 * few enough that native site tracking follows every one rather than a sample.)
 *
 * <p>Options: {@code --entries} in the cache (default 32768), {@code --entry-bytes} per value
 * (default 1024, so a live set of about 40 MB), {@code --rate} value replacements per second
 * (default 20000, about 20 MB/s plus as much request garbage), {@code --seconds}.
 */
public final class SteadyState {
    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("entries", 32768L, "entry-bytes", 1024L, "rate", 20000L));
        int entries = (int) args.positive("entries");
        int entryBytes = (int) args.positive("entry-bytes");
        long rate = args.positive("rate");
        Map<Integer, byte[]> cache = new HashMap<>(entries * 2);
        for (int key = 0; key < entries; key++) {
            cache.put(key, new byte[entryBytes]);
        }
        SplittableRandom random = new SplittableRandom(42);
        long requestChecksum = 0;
        long step = 0;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                byte[] value = new byte[entryBytes];
                value[random.nextInt(entryBytes)] = (byte) i;
                cache.put(random.nextInt(entries), value); // replaces: the map never grows
                requestChecksum += handleRequest(random.nextInt(), entryBytes);
            }
            if (step++ % 3 == 0) {
                requestChecksum += roundTripThroughZlib(handleRequestText(random.nextInt(), entryBytes));
            }
        }
        System.out.println("cacheEntries=" + cache.size() + " requestChecksum=" + requestChecksum);
        run.finish();
    }

    private static long handleRequest(int requestId, int responseBytes) {
        return handleRequestText(requestId, responseBytes).hashCode();
    }

    private static String handleRequestText(int requestId, int responseBytes) {
        StringBuilder response = new StringBuilder(responseBytes);
        while (response.length() < responseBytes) {
            response.append("request ").append(requestId).append(';');
        }
        return response.toString();
    }

    /** Compresses and inflates the text with a Deflater and an Inflater of their own, both ended. */
    private static long roundTripThroughZlib(String text) {
        byte[] input = text.getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = new byte[input.length + 64];
        Deflater deflater = new Deflater();
        int length;
        try {
            deflater.setInput(input);
            deflater.finish();
            length = deflater.deflate(compressed);
        } finally {
            deflater.end();
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed, 0, length);
            return inflater.inflate(new byte[input.length]);
        } catch (DataFormatException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            inflater.end();
        }
    }
}
