package io.bloatscope.agent.sites;

import io.bloatscope.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The transformer native site tracking registers: for its target JDK classes it hands back the
 * woven bytes from the {@link WovenClassCache} when they are there, and otherwise has
 * {@link ByteBuddyWeaver} weave them (created on the first miss, so a JVM served from the cache
 * never loads ByteBuddy) and stores the result. Every other class passes untouched after one set
 * lookup. A failure leaves the class as it was, logged once per class. With a cache, a target
 * loaded after install is woven by a retransformation 10 ms later on the daemon thread
 * {@code bloatscope-weave}, not while it loads (see the comment in {@code transform}).
 */
final class CachedWeaving implements ClassFileTransformer {
    private static final Logger LOG = AgentLog.get(CachedWeaving.class);

    private final Set<String> kinds;
    /** Internal names ({@code java/lang/Thread}) of the classes to change. */
    private final Set<String> targets;
    private final String kindsKey;
    private final String fingerprint;
    private final WovenClassCache cache;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger fromCache = new AtomicInteger();
    private final AtomicInteger woven = new AtomicInteger();
    private volatile ClassFileTransformer byteBuddy;
    private final Instrumentation instrumentation;
    /** Targets loaded after install, for {@link #retransformer} (a class loads once: at most 7 entries). */
    private final BlockingQueue<String> loadedLater = new LinkedBlockingQueue<>();
    /**
     * Retransforms what {@link #loadedLater} names; started with the cache, by the installing
     * thread, so that a class-loading application thread never starts a thread or waits on ours.
     */
    private final Thread retransformer;
    private volatile boolean removed;

    /** @param cache null to weave in memory every time */
    CachedWeaving(Instrumentation instrumentation, Set<String> kinds, String fingerprint, WovenClassCache cache) {
        this.instrumentation = instrumentation;
        this.kinds = Set.copyOf(kinds);
        this.kindsKey = String.join("+", new TreeSet<>(kinds));
        this.fingerprint = fingerprint;
        this.cache = cache;
        Set<String> internalNames = new TreeSet<>();
        for (String name : NativeTargets.of(kinds)) {
            internalNames.add(name.replace('.', '/'));
        }
        this.targets = Set.copyOf(internalNames);
        if (cache == null) {
            retransformer = null;
        } else {
            retransformer = new Thread(this::retransformLoadedLater, NativeTracker.AGENT_THREAD_PREFIX + "weave");
            retransformer.setDaemon(true);
            retransformer.start();
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain domain, byte[] bytes) {
        // The targets are all in java.base: a class of the same name elsewhere is not one of them.
        if (loader != null || className == null || !targets.contains(className)) {
            return null;
        }
        try {
            if (classBeingRedefined == null && cache != null) {
                // Being loaded: these are the class file's own bytes, while a JVM that loaded the
                // class before install hands over HotSpot's rebuilt ones, so the two would never
                // share a cache entry. Retransformed a moment later, the class comes with rebuilt
                // bytes here too (its first allocations in between go unrecorded).
                loadedLater.offer(className.replace('/', '.'));
                return null;
            }
            String key = cache == null ? null : WovenClassCache.key(fingerprint, kindsKey, className, bytes);
            byte[] cached = key == null ? null : cache.read(key);
            if (cached != null) {
                fromCache.incrementAndGet();
                LOG.debug("native site advice for {} read from {}", className, cache.dir());
                return cached.length == 0 ? null : cached;
            }
            byte[] result = byteBuddy().transform(module, loader, className, classBeingRedefined, domain, bytes);
            woven.incrementAndGet();
            if (key != null) {
                cache.write(key, result == null ? new byte[0] : result);
            }
            return result;
        } catch (Throwable failure) {
            if (failed.add(className)) {
                LOG.warn("native site advice not applied to {}: {}", className, failure.toString());
            }
            return null;
        }
    }

    private void retransformLoadedLater() {
        try {
            while (!removed) {
                String binaryName = loadedLater.take();
                Thread.sleep(10); // the loading thread finishes defining the class meanwhile
                if (!removed) {
                    retransform(binaryName);
                }
            }
        } catch (InterruptedException stopped) {
            // stop(): the transformer is being removed
        }
    }

    private void retransform(String binaryName) {
        try {
            instrumentation.retransformClasses(Class.forName(binaryName, false, null));
        } catch (Throwable failure) {
            if (failed.add(binaryName)) {
                LOG.warn("native site advice not applied to {}: {}", binaryName, failure.toString());
            }
        }
    }

    /** No more retransformations: the transformer is being removed. */
    void stop() {
        removed = true;
        if (retransformer != null) {
            retransformer.interrupt();
        }
    }

    private ClassFileTransformer byteBuddy() {
        ClassFileTransformer weaver = byteBuddy;
        if (weaver == null) {
            synchronized (this) {
                weaver = byteBuddy;
                if (weaver == null) {
                    weaver = ByteBuddyWeaver.create(kinds);
                    byteBuddy = weaver;
                }
            }
        }
        return weaver;
    }

    /** Whether this binary name ({@code java.lang.Thread}) is one of the classes to change. */
    boolean targets(String binaryName) {
        return targets.contains(binaryName.replace('.', '/'));
    }

    /** Classes whose woven bytes came from the cache, and classes ByteBuddy wove, so far, and where the cache is. */
    String tally() {
        return fromCache.get() + " from the weave cache, " + woven.get() + " woven by ByteBuddy"
                + (cache == null ? " (no weave cache)" : " (weave cache " + cache.dir() + ")");
    }
}
