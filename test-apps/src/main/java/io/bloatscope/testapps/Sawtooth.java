package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A healthy batch-style app whose heap looks alarming at a glance: it holds large arrays (several MB
 * each) in a list until about {@code --drop-at-mb} MB, then drops them all and starts over. Heap
 * usage climbs and falls in a sawtooth, but each cycle's memory is garbage afterwards, so usage
 * <em>after GC</em> is flat. Expected verdict: <b>HEALTHY</b>: a naive "usage went up" check would
 * call it a leak; the analyzers must look at usage after GC and see no trend.
 *
 * <p>The drop point is capped at a third of the max heap so the scenario also runs under a small
 * {@code -Xmx}. Options: {@code --block-mb} per array (default 4), {@code --rate} arrays per second
 * (default 16), {@code --drop-at-mb} (default 64, so about one cycle per second), {@code --seconds}.
 */
public final class Sawtooth {
    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("block-mb", 4L, "rate", 16L, "drop-at-mb", 64L));
        int blockBytes = (int) Math.min(args.positive("block-mb") << 20, Integer.MAX_VALUE - 8);
        long rate = args.positive("rate");
        long dropAtBytes = Math.min(args.positive("drop-at-mb") << 20, Runtime.getRuntime().maxMemory() / 3);
        List<byte[]> batch = new ArrayList<>();
        long heldBytes = 0;
        int cycles = 0;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                byte[] block = new byte[blockBytes];
                block[block.length - 1] = 1;
                batch.add(block);
                heldBytes += blockBytes;
                if (heldBytes >= dropAtBytes) {
                    batch.clear(); // the whole batch becomes garbage at once
                    heldBytes = 0;
                    cycles++;
                }
            }
        }
        System.out.println("cycles=" + cycles);
        run.finish();
    }
}
