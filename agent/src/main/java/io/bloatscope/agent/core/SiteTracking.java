package io.bloatscope.agent.core;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.sites.BridgeInjector;
import io.bloatscope.agent.sites.HeapSites;
import io.bloatscope.agent.sites.NativeSites;
import io.bloatscope.agent.sites.SiteSampler;
import java.lang.instrument.Instrumentation;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * Starts the site trackers the options ask for. Either may be unavailable (no Instrumentation
 * that can retransform, no JFR in this JVM): it is then left out with one log line and the other
 * still runs.
 */
final class SiteTracking {
    private static final Logger LOG = AgentLog.get(SiteTracking.class);
    /** Old-object surveys at most this often, whatever the interval. */
    static final long MIN_SURVEY_MILLIS = 1000;

    private SiteTracking() {
    }

    /**
     * With {@code -javaagent}, native sites are installed here, in premain, so that the
     * instrumentation is in place before {@code main} runs (an allocation in a static initialiser
     * is seen); the sampling thread's {@link #sampler} takes them over. An attach installs them on
     * the sampling thread instead, as the application is running already.
     */
    private static final AtomicReference<NativeSites> INSTALLED_AT_START = new AtomicReference<>();
    /** The bridge is in the bootstrap loader: agent threads may be marked as the agent's. */
    private static volatile boolean bridgeInjected;

    /** In premain, on the application's main thread: installs native sites for the kinds on, if any. */
    static void installAtStart(AgentOptions options, Instrumentation instrumentation) {
        if (!options.nativeSites.isEmpty()) {
            INSTALLED_AT_START.set(installNative(options, instrumentation));
        }
    }

    /**
     * First thing on the sampling thread: from here on, what it allocates through the JDK (its file,
     * reading the agent's own jar, JFR) is the agent's, never a site. Only once the bridge is in the
     * bootstrap loader: loaded from the agent's loader first, it would be a second bridge.
     */
    static void markAgentThread() {
        if (bridgeInjected) {
            NativeBridge.ignoreCurrentThread();
        }
    }

    static SiteSampler sampler(AgentOptions options, Instrumentation instrumentation) {
        NativeSites nativeSites = INSTALLED_AT_START.getAndSet(null);
        if (nativeSites == null && !options.nativeSites.isEmpty()) {
            nativeSites = installNative(options, instrumentation);
            markAgentThread(); // this is the sampling thread
        }
        HeapSites heapSites = null;
        if (options.heapSites) {
            try {
                heapSites = new HeapSites(options.allocThrottle,
                        Math.max(options.intervalMillis, MIN_SURVEY_MILLIS));
            } catch (Throwable failure) {
                LOG.warn("heap sites could not start ({}); they are off", failure.toString());
            }
        }
        if (nativeSites == null && heapSites == null) {
            return null;
        }
        return new SiteSampler(nativeSites, heapSites, options.maxSites);
    }

    /** Installs native sites, or returns null (with one log line) where they cannot run. */
    private static NativeSites installNative(AgentOptions options, Instrumentation instrumentation) {
        if (instrumentation == null || !instrumentation.isRetransformClassesSupported()) {
            LOG.warn("native sites need an agent that can retransform classes; native sites are off");
            return null;
        }
        try {
            // The bridge must be on the bootstrap class path before NativeSites is loaded.
            BridgeInjector.inject(instrumentation);
            bridgeInjected = true;
            NativeSites.skipLayers(options.siteSkip);
            return NativeSites.install(instrumentation, Set.copyOf(options.nativeSites), options.maxSites,
                    options.unsafeSampleBytes, options.weaveCache,
                    !options.nativeSites.equals(AgentOptions.DEFAULT_NATIVE_KINDS));
        } catch (Throwable failure) {
            LOG.warn("native sites could not start ({}); they are off", failure.toString());
            return null;
        }
    }
}
