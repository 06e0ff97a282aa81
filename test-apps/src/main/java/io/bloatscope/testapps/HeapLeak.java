package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A classic Java heap leak: every step {@link #leakSomeOrders} adds small {@code Order} objects to a
 * static list that is never cleared, while the same step makes several times as much short-lived
 * garbage. Expected verdict: <b>HEAP_LEAK</b>, because the old generation's usage <em>after GC</em>
 * climbs steadily (about {@code rate × (block-bytes + ~80)} bytes per second) while everything
 * else stays flat; with heap site tracking the site is {@code HeapLeak.leakSomeOrders}.
 *
 * <p>Options: {@code --rate} orders per second (default 1000), {@code --block-bytes} payload per
 * order (default 1024, so about 1 MB/s), {@code --max-mb} retained megabytes after which the leak
 * holds steady (default 512), {@code --seconds}.
 */
public final class HeapLeak {
    /** The leak: an "order history" nobody ever trims. */
    static final List<Order> ORDER_HISTORY = new ArrayList<>();

    private static long retainedBytes;

    record Order(long id, String customer, byte[] payload) {
    }

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 1000L, "block-bytes", 1024L, "max-mb", 512L));
        long rate = args.positive("rate");
        args.positive("block-bytes");
        int blockBytes = args.getInt("block-bytes");
        long maxBytes = args.get("max-mb") << 20;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        long garbageChecksum = 0;
        while (run.nextStep()) {
            long orders = run.perStep(rate);
            if (retainedBytes < maxBytes) {
                leakSomeOrders(orders, blockBytes);
            }
            garbageChecksum += makeGarbage(orders * 4, blockBytes);
        }
        System.out.println("retainedOrders=" + ORDER_HISTORY.size() + " garbageChecksum=" + garbageChecksum);
        run.finish();
    }

    static void leakSomeOrders(long count, int blockBytes) {
        for (long i = 0; i < count; i++) {
            long id = ORDER_HISTORY.size();
            ORDER_HISTORY.add(new Order(id, "customer-" + (id % 997), new byte[blockBytes]));
            retainedBytes += blockBytes + 80;
        }
    }

    private static long makeGarbage(long count, int blockBytes) {
        long checksum = 0;
        for (long i = 0; i < count; i++) {
            byte[] temporary = new byte[blockBytes];
            temporary[(int) (i % blockBytes)] = (byte) i;
            checksum += temporary[0] + Long.toString(i).length();
        }
        return checksum;
    }
}
