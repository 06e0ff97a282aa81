package io.bloatscope.agent.os;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;

/**
 * jemalloc's own account of its memory, when the process runs on jemalloc (the header's
 * {@code allocator}) and the JDK can reach it (JDK 22+, through {@link Mallctl}):
 * <pre>"jemalloc":{"allocatedBytes":n,"activeBytes":n,"residentBytes":n,"mappedBytes":n,
 *   "retainedBytes":n,"metadataBytes":n}</pre>
 * read after writing {@code epoch} (jemalloc caches its statistics until then). {@code allocated}
 * is what the application holds; {@code active} the pages of active runs (≥ allocated);
 * {@code resident} what jemalloc has resident, dirty pages not yet purged and metadata included;
 * {@code mapped} what its active extents map; {@code retained} virtual memory it kept mapped but
 * released to the OS (not resident); {@code metadata} its own bookkeeping. Memory that native code
 * maps itself ({@code mmap}), or allocates through another allocator, is not in these figures.
 *
 * <p>The FFM calls are restricted methods: without native access for the agent's module the JDK
 * warns on the application's standard error. So {@code allocatorStats=auto} (the default) reads
 * only when the JVM already granted it ({@code --enable-native-access=ALL-UNNAMED}, or an
 * executable jar's {@code Enable-Native-Access} manifest attribute); {@code on} reads anyway and
 * the JDK prints its one warning; {@code off} never reads. A failure at any read disables the
 * sampler for the run with one log line (the sampling loop's rule); the application goes on.
 */
public final class JemallocSampler implements Sampler {
    private static final Logger LOG = AgentLog.get(JemallocSampler.class);
    private static final String[] STATS = {"allocated", "active", "resident", "mapped", "retained", "metadata"};

    private final Mallctl mallctl;
    private final Object epoch;
    private final Object[] names = new Object[STATS.length];
    private final long[] values = new long[STATS.length];
    private long epochCount = 1;

    private JemallocSampler(Mallctl mallctl) throws Exception {
        this.mallctl = mallctl;
        this.epoch = mallctl.name("epoch");
        for (int i = 0; i < STATS.length; i++) {
            names[i] = mallctl.name("stats." + STATS[i]);
        }
    }

    /**
     * A sampler when the allocator is jemalloc, this JDK has the FFM API and {@code mode} allows
     * it; else null, with one log line saying why when jemalloc is in use but not read.
     *
     * @param mode {@code auto}, {@code on} or {@code off}
     */
    public static JemallocSampler createIfReadable(String mode, MappedAllocator allocator) throws Exception {
        if (mode.equals("off") || !"jemalloc".equals(allocator.name)) {
            return null;
        }
        if (allocator.library == null) {
            LOG.info("jemalloc's statistics not read: its library's path is not known");
            return null;
        }
        int feature = Runtime.version().feature();
        if (feature < 22) {
            LOG.info("jemalloc's statistics not read: the JDK reaches them through the FFM API, final from JDK 22 on"
                    + " (this is JDK {})", feature);
            return null;
        }
        if (mode.equals("auto") && !nativeAccessEnabled()) {
            LOG.info("jemalloc's statistics not read: allocatorStats=auto reads them only with"
                    + " --enable-native-access=ALL-UNNAMED, so that the JDK prints no warning (allocatorStats=on reads"
                    + " them anyway, and the JDK then prints one)");
            return null;
        }
        Mallctl mallctl;
        try {
            mallctl = Mallctl.bind(allocator.library);
        } catch (java.lang.reflect.InvocationTargetException refused) {
            // e.g. IllegalCallerException under --illegal-native-access=deny: say that, not the wrapper
            Throwable cause = refused.getCause();
            throw cause instanceof Exception ? (Exception) cause : refused;
        }
        JemallocSampler sampler = new JemallocSampler(mallctl);
        sampler.read(); // fail here, at start, rather than at the first tick
        return sampler;
    }

    /**
     * Whether the agent's module may call restricted methods without a warning:
     * {@code Module.isNativeAccessEnabled()} (JDK 22+), else the JVM's flags.
     */
    static boolean nativeAccessEnabled() {
        try {
            Module module = JemallocSampler.class.getModule();
            return (Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module);
        } catch (ReflectiveOperationException | RuntimeException absent) {
            return grantsUnnamed(ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }

    /** Whether these JVM flags grant native access to the unnamed module. */
    static boolean grantsUnnamed(List<String> inputArguments) {
        for (String argument : inputArguments) {
            if (argument.startsWith("--enable-native-access=")) {
                for (String module : argument.substring("--enable-native-access=".length()).split(",")) {
                    if (module.trim().equals("ALL-UNNAMED")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "jemalloc";
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        read();
        snapshot.beginObject("jemalloc");
        for (int i = 0; i < STATS.length; i++) {
            snapshot.field(STATS[i] + "Bytes", values[i]);
        }
        snapshot.endObject();
    }

    private void read() throws Exception {
        try {
            mallctl.write(epoch, "epoch", epochCount++);
            for (int i = 0; i < STATS.length; i++) {
                values[i] = mallctl.read(names[i], "stats." + STATS[i]);
            }
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
    }
}
