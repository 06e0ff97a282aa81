package io.bloatscope.agent.sites;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.log.AgentLog;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Installs native site tracking: puts the bridge on the bootstrap class path (once per JVM),
 * lets {@code java.base} read it, registers {@link CachedWeaving} and retransforms the chosen JDK
 * classes that are already loaded (so it works at premain and at attach), and plugs a
 * {@link NativeTracker} into the bridge. {@link #uninstall} takes the advice out again and unplugs
 * the tracker. Names no ByteBuddy type: see {@link WovenClassCache} for why that matters.
 */
public final class NativeSites {
    /** zlib's inflate state (~7 KB) plus its 32 KB window; an estimate, zlib allocates lazily. */
    static final long INFLATER_BYTES = 39L << 10;
    /** zlib's deflate state at the default window and memory level: window, prev, head, pending. */
    static final long DEFLATER_BYTES = 268L << 10;

    private static final Logger LOG = AgentLog.get(NativeSites.class);

    private final Instrumentation instrumentation;
    private final CachedWeaving weaving;
    final NativeTracker tracker;

    private NativeSites(Instrumentation instrumentation, CachedWeaving weaving, NativeTracker tracker) {
        this.instrumentation = instrumentation;
        this.weaving = weaving;
        this.tracker = tracker;
    }

    /**
     * @param kinds the instrumentations wanted, as {@link NativeBridge#KIND_NAMES} indexes
     *     ({@code inflater} stands for Inflater and Deflater)
     * @param weaveCache the {@code weaveCache} option: {@code auto}, {@code off} or a directory
     */
    /** Allocation layers beyond Netty's whose frames a site looks past (the {@code siteSkip} option); before {@link #install}. */
    public static void skipLayers(java.util.List<String> prefixes) {
        CallSite.skip(prefixes);
    }

    /**
     * @param announce log what was installed at info level (the user chose the kinds); otherwise
     *     at debug, so the default agent says no more at start than one line
     */
    public static NativeSites install(Instrumentation instrumentation, Set<String> kinds, int maxSites,
            long unsafeSampleBytes, String weaveCache, boolean announce) throws IOException {
        // BridgeInjector.inject(instrumentation) ran before this class was loaded (see its comment).
        long startNanos = System.nanoTime();
        Module bridgeModule = NativeBridge.class.getModule();
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(bridgeModule), Map.of(),
                Map.of("java.lang", Set.of(NativeSites.class.getModule())), Set.of(), Map.of());
        NativeTracker tracker = new NativeTracker(maxSites, unsafeSampleBytes, NativeTracker.MAX_UNSAFE_SAMPLES_PER_SECOND,
                kinds.contains("unsafe"), threadStackBytes());
        NativeBridge.install(tracker);
        CachedWeaving weaving = new CachedWeaving(kinds, fingerprint(), WovenClassCache.open(weaveCache));
        instrumentation.addTransformer(weaving, true);
        retransformLoaded(instrumentation, weaving, "native site advice");
        String installed = "native sites on for " + String.join("+", new java.util.TreeSet<>(kinds)) + "; JDK classes: "
                + weaving.tally() + "; installed in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms";
        if (announce) {
            LOG.info(installed);
        } else {
            LOG.debug(installed);
        }
        return new NativeSites(instrumentation, weaving, tracker);
    }

    /** Takes the advice out of the JDK classes and unplugs the tracker. */
    public void uninstall() {
        NativeBridge.install(null);
        weaving.stop();
        instrumentation.removeTransformer(weaving);
        retransformLoaded(instrumentation, weaving, "removing native site advice");
    }

    /**
     * Retransforms the loaded target classes one at a time, so that one refused class (logged)
     * leaves the others changed; a target loaded later passes through the transformer then.
     */
    private static void retransformLoaded(Instrumentation instrumentation, CachedWeaving weaving, String what) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.getClassLoader() == null && weaving.targets(type.getName())) {
                loaded.add(type);
            }
        }
        for (Class<?> type : loaded) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable refused) {
                LOG.warn("{}: {} could not be retransformed ({}); it stays as it was", what, type.getName(),
                        refused.toString());
            }
        }
    }

    /**
     * What the woven bytes depend on besides the class itself: the agent's version and build (its
     * jar's size and time) and the weaver and advice class files, so that a rebuilt agent never
     * takes classes woven by another from the cache.
     */
    static String fingerprint() {
        MessageDigest sha = WovenClassCache.sha256();
        sha.update(String.valueOf(NativeSites.class.getPackage().getImplementationVersion()).getBytes(StandardCharsets.UTF_8));
        CodeSource source = NativeSites.class.getProtectionDomain().getCodeSource();
        try {
            File jar = source == null ? null : new File(source.getLocation().toURI());
            if (jar != null && jar.isFile()) {
                sha.update((jar.getPath() + "|" + jar.length() + "|" + jar.lastModified()).getBytes(StandardCharsets.UTF_8));
            }
        } catch (java.net.URISyntaxException | RuntimeException unknown) {
            // the class files below still tell builds of the weaver apart
        }
        for (String resource : List.of("ByteBuddyWeaver.class", "NativeAdvice.class", "NativeTargets.class")) {
            try (InputStream in = NativeSites.class.getResourceAsStream(resource)) {
                if (in != null) {
                    sha.update(in.readAllBytes());
                }
            } catch (IOException unreadable) {
                sha.update(resource.getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A thread's reserved stack: its requested size, else the JVM's ThreadStackSize. */
    private static java.util.function.ToLongFunction<Thread> threadStackBytes() {
        long defaultBytes = defaultStackBytes();
        Field direct = field(Thread.class, "stackSize");
        Field holder = direct == null ? field(Thread.class, "holder") : null;
        Field holderStack = holder == null ? null : field(holder.getType(), "stackSize");
        return thread -> {
            long requested = 0;
            try {
                if (direct != null) {
                    requested = direct.getLong(thread);
                } else if (holderStack != null) {
                    requested = holderStack.getLong(holder.get(thread));
                }
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                requested = 0;
            }
            return requested > 0 ? requested : defaultBytes;
        };
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException absent) {
            return null;
        }
    }

    private static long defaultStackBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotspot.getVMOption("ThreadStackSize").getValue()) << 10;
        } catch (RuntimeException unknown) {
            return 1L << 20;
        }
    }
}
