package io.bloatscope.testapps;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A healthy service under load: a cache of a fixed number of entries whose values are constantly
 * replaced, plus short-lived request garbage. Allocation is heavy (tens of MB/s) but the live set
 * is fixed, so young GCs are frequent and the old generation's usage after GC stays flat. Expected
 * verdict: <b>HEALTHY</b>: nothing grows, no pool trends up after GC, RSS settles once the heap has
 * sized itself.
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
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                byte[] value = new byte[entryBytes];
                value[random.nextInt(entryBytes)] = (byte) i;
                cache.put(random.nextInt(entries), value); // replaces: the map never grows
                requestChecksum += handleRequest(random.nextInt(), entryBytes);
            }
        }
        System.out.println("cacheEntries=" + cache.size() + " requestChecksum=" + requestChecksum);
        run.finish();
    }

    private static long handleRequest(int requestId, int responseBytes) {
        StringBuilder response = new StringBuilder(responseBytes);
        while (response.length() < responseBytes) {
            response.append("request ").append(requestId).append(';');
        }
        return response.toString().hashCode();
    }
}
