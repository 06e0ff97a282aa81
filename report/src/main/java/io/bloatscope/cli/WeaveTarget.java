package io.bloatscope.cli;

import io.bloatscope.agent.sites.NativeTargets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM {@code weave} starts under the agent: it loads every class native sites weave (a bare
 * JVM has not loaded {@code Deflater} or {@code FileChannelImpl}; the agent, installed in premain,
 * weaves and stores each as it loads), waits until the agent's snapshots carry native site
 * totals, and ends.
 * Exit 3 when that does not happen within a minute.
 */
public final class WeaveTarget {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    private WeaveTarget() {
    }

    public static void main(String[] args) throws Exception {
        Path snapshots = Path.of(args[0]);
        for (String target : NativeTargets.all()) {
            Class.forName(target, false, null);
        }
        long start = System.nanoTime();
        while (!nativeSitesOn(snapshots)) {
            if (System.nanoTime() - start > TIMEOUT_NANOS) {
                System.exit(3);
            }
            Thread.sleep(50);
        }
    }

    private static boolean nativeSitesOn(Path snapshots) throws Exception {
        return Files.exists(snapshots)
                && new String(Files.readAllBytes(snapshots), StandardCharsets.UTF_8).contains("\"nativeTotals\"");
    }
}
