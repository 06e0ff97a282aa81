package io.bloatscope.agent.sites;

import io.bloatscope.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The transformer native site tracking registers: for its target JDK classes it hands back the
 * woven bytes from the {@link WovenClassCache} when they are there, and otherwise has
 * {@link ByteBuddyWeaver} weave them (created on the first miss, so a JVM served from the cache
 * never loads ByteBuddy) and stores the result. Every other class passes untouched after one set
 * lookup. A failure leaves the class as it was, logged once per class. A target loaded after
 * install is woven as it loads, on the loading thread (from the cache, a file read), so its first
 * allocation is seen and the agent needs no thread of its own for it.
 */
final class CachedWeaving implements ClassFileTransformer {
    private static final Logger LOG = AgentLog.get(CachedWeaving.class);

    private final Set<String> kinds;
    /** Internal names ({@code java/lang/Thread}) of the classes to change. */
    private final Set<String> targets;
    private final String fingerprint;
    private final WovenClassCache cache;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger fromCache = new AtomicInteger();
    private final AtomicInteger woven = new AtomicInteger();
    private volatile ClassFileTransformer byteBuddy;
    private volatile boolean removed;

    /** @param cache null to weave in memory every time */
    CachedWeaving(Set<String> kinds, String fingerprint, WovenClassCache cache) {
        this.kinds = Set.copyOf(kinds);
        this.fingerprint = fingerprint;
        this.cache = cache;
        Set<String> internalNames = new TreeSet<>();
        for (String name : NativeTargets.of(kinds)) {
            internalNames.add(name.replace('.', '/'));
        }
        this.targets = Set.copyOf(internalNames);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain domain, byte[] bytes) {
        // The targets are all in java.base: a class of the same name elsewhere is not one of them.
        if (loader != null || className == null || !targets.contains(className) || removed) {
            return null;
        }
        try {
            // A class being loaded comes with its class file's bytes, one loaded before install
            // (retransformed) with HotSpot's rebuilt ones: two keys for one class, each as
            // deterministic as the other, so a JVM that loads the class the same way finds it.
            // Keyed by the one kind that changes this class, not by every kind on: a cache filled
            // with all kinds (weave's default) serves the default kinds, or any other choice, too.
            String key = cache == null ? null : WovenClassCache.key(fingerprint, NativeTargets.kindOf(className),
                    className, bytes);
            byte[] cached = key == null ? null : cache.read(key);
            if (cached != null) {
                fromCache.incrementAndGet();
                LOG.debug("native site advice for {} read from {}", className, cache.dir());
                return cached.length == 0 ? null : cached;
            }
            byte[] result = byteBuddy().transform(module, loader, className, classBeingRedefined, domain, bytes);
            woven.incrementAndGet();
            LOG.debug("native site advice for {} woven by ByteBuddy", className);
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

    /** No more weaving: the transformer is being removed. */
    void stop() {
        removed = true;
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
