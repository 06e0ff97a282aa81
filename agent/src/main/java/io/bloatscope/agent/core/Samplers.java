package io.bloatscope.agent.core;

import io.bloatscope.agent.jvm.DiagnosticCommand;
import io.bloatscope.agent.jvm.InterpretedSamplingCode;
import io.bloatscope.agent.jvm.CompilerMemorySampler;
import io.bloatscope.agent.jvm.NativeHeapInfoSampler;
import io.bloatscope.agent.jvm.NmtSampler;
import io.bloatscope.agent.jvm.TrimProbe;
import io.bloatscope.agent.jvm.TrimSampler;
import io.bloatscope.agent.log.AgentLog;
import io.bloatscope.agent.mx.BufferPoolSampler;
import io.bloatscope.agent.mx.ClassLoadingSampler;
import io.bloatscope.agent.mx.GcSampler;
import io.bloatscope.agent.mx.MemoryPoolSampler;
import io.bloatscope.agent.mx.ThreadCountSampler;
import io.bloatscope.agent.os.CgroupSampler;
import io.bloatscope.agent.os.JemallocSampler;
import io.bloatscope.agent.os.ProcessSampler;
import io.bloatscope.agent.os.SmapsSampler;
import io.bloatscope.agent.text.AsciiText;
import io.bloatscope.format.text.LineCursor;
import io.bloatscope.agent.write.JsonLine;
import java.lang.instrument.Instrumentation;
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
    /**
     * One class of each package whose code only the sampling thread runs (and the agent's log):
     * kept interpreted, see {@link InterpretedSamplingCode}. Not the sites and bridge packages,
     * nor HdrHistogram, which application threads run when site tracking is on, nor the management
     * beans' package, whose GC listener runs at every collection.
     */
    private static final List<Class<?>> SAMPLING_THREAD_CODE = List.of(Samplers.class, ProcessSampler.class,
            AsciiText.class, LineCursor.class, JsonLine.class, NmtSampler.class, AgentLog.class);

    private Samplers() {
    }

    static List<Sampler> create(AgentOptions options) {
        return create(options, null);
    }

    static List<Sampler> create(AgentOptions options, Instrumentation instrumentation) {
        DiagnosticCommand commands = diagnosticCommands(instrumentation);
        if (commands != null) {
            // Before any sampler runs, so that none of this code is compiled first.
            InterpretedSamplingCode.apply(commands, SAMPLING_THREAD_CODE);
        }
        List<Sampler> samplers = new ArrayList<>();
        ProcessSampler process = add(samplers, "process", ProcessSampler::new);
        add(samplers, "cgroup", CgroupSampler::create);
        MemoryPoolSampler heap = add(samplers, "heap", MemoryPoolSampler::heap);
        add(samplers, "gc", GcSampler::new);
        MemoryPoolSampler nonHeap = add(samplers, "nonHeap", MemoryPoolSampler::nonHeap);
        add(samplers, "classes", ClassLoadingSampler::new);
        add(samplers, "threads", ThreadCountSampler::new);
        add(samplers, "buffers", BufferPoolSampler::new);
        NmtSampler nmt = null;
        if (options.nmt && commands != null) {
            nmt = add(samplers, "nmt", () -> NmtSampler.createIfTracking(commands));
        }
        if (nmt != null) {
            NmtSampler tracked = nmt; // after NMT, whose reading tells it when compiler memory jumped
            add(samplers, "compilerMemory", () -> CompilerMemorySampler.createIfSupported(commands, tracked));
        }
        if (options.smapsIntervalMillis > 0) {
            // After the samplers whose readings tell it when to read more often.
            AnonOutsideHeap anonOutsideHeap = new AnonOutsideHeap(process, heap, nonHeap, nmt);
            add(samplers, "smaps", () -> new SmapsSampler(options.smapsIntervalMillis, options.smapsAdaptive,
                    options.intervalMillis, anonOutsideHeap));
        }
        if (options.mallocInfo && commands != null) {
            add(samplers, "mallocInfo", () -> NativeHeapInfoSampler.createIfSupported(commands));
        }
        if (!options.allocatorStats.equals("off")) {
            add(samplers, "jemalloc", () -> JemallocSampler.createIfReadable(options.allocatorStats, Header.allocator()));
        }
        if (commands != null) {
            // Created even with trim=off, so that `attach <pid> trim` can probe on demand.
            add(samplers, "trim", () -> trimSampler(options, commands));
        }
        if (options.heapSites || !options.nativeSites.isEmpty()) {
            add(samplers, "sites", () -> SiteTracking.sampler(options, instrumentation));
        }
        return samplers;
    }

    private static Sampler trimSampler(AgentOptions options, DiagnosticCommand commands) {
        TrimProbe probe = TrimProbe.createIfSupported(commands);
        if (probe == null) {
            return null;
        }
        boolean periodic = options.trimIntervalMillis > 0;
        return new TrimSampler(probe, periodic ? options.trimIntervalMillis : AgentOptions.DEFAULT_TRIM_INTERVAL_MILLIS,
                periodic);
    }

    /**
     * The HotSpot diagnostic commands, or null (with one log line) on a JVM without them.
     *
     * @param instrumentation lets the agent reach them without the platform MBean server; may be null
     */
    static DiagnosticCommand diagnosticCommands(Instrumentation instrumentation) {
        try {
            return DiagnosticCommand.platform(instrumentation);
        } catch (Throwable absent) {
            LOG.warn("no diagnostic commands on this JVM ({}): no NMT, malloc_info or trim data", absent.toString());
            return null;
        }
    }

    /** Adds the sampler the factory makes; a factory may return null when its source is absent. */
    private static <T extends Sampler> T add(List<Sampler> samplers, String name, Callable<T> factory) {
        try {
            T sampler = factory.call();
            if (sampler != null) {
                samplers.add(sampler);
            }
            return sampler;
        } catch (Throwable failure) {
            LOG.warn("sampler '{}' could not start and is left out: {}", name, failure.toString());
            return null;
        }
    }
}
