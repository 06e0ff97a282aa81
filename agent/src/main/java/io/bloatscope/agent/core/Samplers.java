package io.bloatscope.agent.core;

import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.mx.BufferPoolSampler;
import io.bloatscope.agent.mx.ClassLoadingSampler;
import io.bloatscope.agent.mx.GcSampler;
import io.bloatscope.agent.mx.MemoryPoolSampler;
import io.bloatscope.agent.mx.ThreadCountSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;

/**
 * Chooses the samplers the options and this JVM allow, in the order their sections appear in a
 * snapshot. A sampler whose source is missing here (no NMT, a JDK without
 * {@code System.native_heap_info}, no cgroup) is simply not created; one whose creation fails is
 * left out with one log line.
 */
final class Samplers {
    private static final Logger LOG = AgentLog.get(Samplers.class);

    private Samplers() {
    }

    static List<Sampler> create(AgentOptions options) {
        List<Sampler> samplers = new ArrayList<>();
        add(samplers, "heap", MemoryPoolSampler::heap);
        add(samplers, "gc", GcSampler::new);
        add(samplers, "nonHeap", MemoryPoolSampler::nonHeap);
        add(samplers, "classes", ClassLoadingSampler::new);
        add(samplers, "threads", ThreadCountSampler::new);
        add(samplers, "buffers", BufferPoolSampler::new);
        return samplers;
    }

    /** Adds the sampler the factory makes; a factory may return null when its source is absent. */
    private static void add(List<Sampler> samplers, String name, Callable<Sampler> factory) {
        try {
            Sampler sampler = factory.call();
            if (sampler != null) {
                samplers.add(sampler);
            }
        } catch (Throwable failure) {
            LOG.warn("sampler '{}' could not start and is left out: {}", name, failure.toString());
        }
    }
}
