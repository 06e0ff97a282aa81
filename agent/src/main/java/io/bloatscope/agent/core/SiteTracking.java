package io.bloatscope.agent.core;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.sites.BridgeInjector;
import io.bloatscope.agent.sites.HeapSites;
import io.bloatscope.agent.sites.NativeSites;
import io.bloatscope.agent.sites.SiteSampler;
import java.lang.instrument.Instrumentation;
import java.util.Set;
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

    static SiteSampler sampler(AgentOptions options, Instrumentation instrumentation) {
        NativeSites nativeSites = null;
        if (!options.nativeSites.isEmpty()) {
            if (instrumentation == null || !instrumentation.isRetransformClassesSupported()) {
                LOG.warn("native sites need an agent that can retransform classes; native sites are off");
            } else {
                try {
                    // The bridge must be on the bootstrap class path before NativeSites is loaded.
                    BridgeInjector.inject(instrumentation);
                    NativeSites.skipLayers(options.siteSkip);
                    nativeSites = NativeSites.install(instrumentation, Set.copyOf(options.nativeSites),
                            options.maxSites, options.unsafeSampleBytes, options.weaveCache);
                    // This is the sampling thread: from here on, what it allocates through the JDK
                    // (its file, reading the agent's own jar, JFR) is the agent's, never a site.
                    NativeBridge.ignoreCurrentThread();
                } catch (Throwable failure) {
                    LOG.warn("native sites could not start ({}); they are off", failure.toString());
                }
            }
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
}
