package io.bloatscope.testapps;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Direct buffers dropped, not leaked: every step {@link #serve} allocates {@code ByteBuffer.allocateDirect}
 * buffers of 64 KB–1 MB (varied), touches every page (so they are resident), reads them back and drops
 * them, as a server using a fresh direct buffer per transfer would. Nothing else is allocated in the
 * loop, so the heap makes almost no garbage and, in a big heap, no collection runs for many seconds:
 * the "direct" buffer pool climbs all that time, since a direct buffer's memory is freed by its
 * Cleaner only after a collection found the buffer unreachable. Run with {@code -Xmx512m -Xmn256m}: the
 * young generation then holds minutes of the agent's own garbage (with a small one, a young collection
 * every few seconds frees the buffers dropped), and the default MaxDirectMemorySize is 512 MB (reaching
 * it makes the JDK itself request a collection).
 *
 * <p>Expected verdict: never <b>DIRECT_BUFFER_LEAK</b>. Without collections the pool's growth cannot
 * tell dropped buffers from kept ones: <b>INCONCLUSIVE</b> naming direct buffers, with the agent's
 * periodic live set ({@code liveSet=<interval>}) as the step; with it, each requested collection frees
 * what was dropped, the pool's low points stay flat, and the run is <b>HEALTHY</b>.
 *
 * <p>Options: {@code --rate} buffers per second (default 16, about 8.5 MB/s), {@code --seconds}.
 * Prints {@code buffers=<n> bytes=<n>} (all allocated, none kept) before {@code DONE}.
 */
public final class DirectBufferChurn {
    private static final int PAGE = 4096;
    private static final int MIN_PAGES = (64 << 10) / PAGE;
    private static final int MAX_PAGES = (1 << 20) / PAGE;

    /** What the reads saw, so the JIT cannot drop them. */
    static volatile long checksum;

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 16L));
        long rate = args.positive("rate");
        SplittableRandom sizes = new SplittableRandom(17);
        long buffers = 0;
        long bytes = 0;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                int size = sizes.nextInt(MIN_PAGES, MAX_PAGES + 1) * PAGE;
                serve(size, buffers);
                buffers++;
                bytes += size;
            }
        }
        System.out.println("buffers=" + buffers + " bytes=" + bytes);
        run.finish();
    }

    /** One transfer through a fresh direct buffer, dropped on return: nothing keeps it. */
    static void serve(int size, long id) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int offset = 0; offset < size; offset += PAGE) {
            buffer.putLong(offset, id + offset); // touches every page: they become resident
        }
        long sum = 0;
        for (int offset = 0; offset < size; offset += PAGE) {
            sum += buffer.getLong(offset);
        }
        checksum += sum;
    }
}
