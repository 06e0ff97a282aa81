package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A heap leak that no collection ever looks at: every step {@link #rememberSessions} keeps session
 * states ({@code byte[]} of 256 B–24 KB, varied) in a static store that is never pruned, and by
 * default the app makes no other garbage at all. Run with a heap whose young generation is larger
 * than what the run allocates, e.g. {@code -Xms1g -Xmx1g -Xmn768m}, and after the JVM's own
 * start-up no collection runs: the GC counts stay flat, "usage after GC" never changes, and only
 * the heap's instantaneous usage (and its resident part in RSS) climbs. Expected verdict:
 * <b>HEAP_LEAK</b> once the evidence exists (a forced collection, e.g. the agent's
 * {@code liveSet=exit}, or old-object survivors with {@code heapSites=on}); at defaults, with no
 * collection to show a live set, <b>INCONCLUSIVE</b> naming the Java heap (or HEAP_LEAK), and never
 * HEALTHY.
 *
 * <p>With {@code --garbage-mb-per-s N} each step also makes N MB/s of short-lived request buffers
 * that are published to a volatile field (so escape analysis cannot remove them): young
 * collections then run and the same leak is visible in the old generation after GC.
 *
 * <p>The store is a list of fixed 2048-slot pages, so keeping a session allocates nothing besides
 * the session itself (no rehashing or array copying that would be garbage). Sessions are below
 * G1's humongous threshold (half a region, at least 512 KB), so they are young objects like any other.
 *
 * <p>Options: {@code --kb-per-s} kept per second (default 1024), {@code --garbage-mb-per-s}
 * (default 0), {@code --max-mb} kept megabytes after which the leak holds steady (default 512),
 * {@code --seconds}. Prints {@code kept=<sessions> keptBytes=<n>} before {@code DONE}.
 */
public final class QuietHeapLeak {
    private static final int PAGE_SLOTS = 2048;
    private static final int MIN_SESSION_BYTES = 256;
    private static final int MAX_SESSION_BYTES = 24 << 10;

    /** The leak: sessions of users who left long ago, never expired. */
    private static final List<byte[][]> SESSION_PAGES = new ArrayList<>(4096);

    private static int sessionsInLastPage = PAGE_SLOTS;
    private static long keptSessions;
    private static long keptBytes;
    private static final SplittableRandom SIZES = new SplittableRandom(7);

    /** Where request garbage is published, so the JIT must really allocate it. */
    static volatile byte[] lastRequestBuffer;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("kb-per-s", 1024L, "garbage-mb-per-s", 0L, "max-mb", 512L));
        long bytesPerSecond = args.positive("kb-per-s") << 10;
        long garbageBytesPerSecond = args.get("garbage-mb-per-s") << 20;
        long maxBytes = args.get("max-mb") << 20;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        long budget = 0;
        long garbageBudget = 0;
        while (run.nextStep()) {
            budget += run.perStep(bytesPerSecond);
            if (keptBytes < maxBytes) {
                budget = rememberSessions(budget);
            }
            garbageBudget += run.perStep(garbageBytesPerSecond);
            garbageBudget = makeRequestGarbage(garbageBudget);
        }
        System.out.println("kept=" + keptSessions + " keptBytes=" + keptBytes);
        run.finish();
    }

    /** Keeps sessions while the byte budget lasts; returns what is left of it for the next step. */
    static long rememberSessions(long budgetBytes) {
        while (budgetBytes > 0) {
            int size = SIZES.nextInt(MIN_SESSION_BYTES, MAX_SESSION_BYTES + 1);
            byte[] session = new byte[size];
            session[0] = (byte) keptSessions; // as if something were written to it
            if (sessionsInLastPage == PAGE_SLOTS) {
                SESSION_PAGES.add(new byte[PAGE_SLOTS][]);
                sessionsInLastPage = 0;
            }
            SESSION_PAGES.get(SESSION_PAGES.size() - 1)[sessionsInLastPage++] = session;
            keptSessions++;
            keptBytes += size;
            budgetBytes -= size;
        }
        return budgetBytes;
    }

    private static long makeRequestGarbage(long budgetBytes) {
        while (budgetBytes > 0) {
            int size = SIZES.nextInt(1 << 10, 64 << 10);
            lastRequestBuffer = new byte[size];
            budgetBytes -= size;
        }
        return budgetBytes;
    }
}
