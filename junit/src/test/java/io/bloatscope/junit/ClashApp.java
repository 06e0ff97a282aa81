package io.bloatscope.junit;

import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A test JVM's stand-in for {@link FormatIsolationIT}: run with bloatscope-junit and
 * bloatscope-format on its class path and {@code -javaagent:bloatscope.jar} (native sites on).
 * It keeps allocating direct buffers (a site for the agent to record) until {@code @LeakTest}'s
 * own code ({@link AgentSites}) reads the agent's sites from its file, then reads the native
 * measure as a leak test does ({@link Gauges}, which parses NMT with the format module), and
 * prints where each copy of the format's classes came from. Every line it prints is a fact the
 * test checks; exit 0 means nothing threw.
 */
public final class ClashApp {
    static final int BUFFER_BYTES = 64 << 10;

    private ClashApp() {
    }

    public static void main(String[] args) throws Exception {
        List<ByteBuffer> held = new ArrayList<>();
        List<String> sites = List.of();
        for (long deadline = System.nanoTime() + 60_000_000_000L; sites.isEmpty() && System.nanoTime() < deadline; ) {
            held.add(ByteBuffer.allocateDirect(BUFFER_BYTES));
            Thread.sleep(100);
            sites = AgentSites.describe();
        }
        for (String site : sites) {
            System.out.println("SITE " + site);
        }
        Gauges gauges = new Gauges();
        gauges.settle();
        System.out.println("NATIVE_SOURCE " + gauges.nativeSource());
        System.out.println("NATIVE_BYTES " + (long) gauges.read(Resource.NATIVE));
        for (URL copy : Collections.list(ClassLoader.getSystemClassLoader().getResources("io/bloatscope/format/Json.class"))) {
            System.out.println("FORMAT_COPY " + copy);
        }
        System.out.println("APP_FORMAT " + io.bloatscope.format.Json.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("AGENT_FORMAT " + Class.forName("io.bloatscope.shaded.format.Json").getProtectionDomain()
                .getCodeSource().getLocation());
        System.out.println("STATUS " + System.getProperty("bloatscope.status"));
        System.out.println("HELD " + held.size());
    }
}
