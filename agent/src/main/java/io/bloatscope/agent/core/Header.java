package io.bloatscope.agent.core;

import io.bloatscope.agent.jvm.NmtMode;
import io.bloatscope.agent.os.CgroupSampler;
import io.bloatscope.agent.os.ChargedMemory;
import io.bloatscope.agent.os.GlibcVersion;
import io.bloatscope.agent.os.MappedAllocator;
import io.bloatscope.agent.os.MappedFiles;
import io.bloatscope.agent.write.JsonLine;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.List;

/**
 * The first line of every snapshot file part: what was measured, where and how, so a report can
 * judge a run (and say what it could not judge) without access to the machine it came from.
 * Facts that cannot change during a run are gathered once; each part gets the same facts with its
 * own part number and time.
 */
final class Header {
    /** Version of the snapshot format; readers accept higher versions and report what they skip. */
    static final int SCHEMA = 2;

    private final AgentOptions options;
    private final List<Sampler> samplers;
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final JsonLine line = new JsonLine();

    /** What captures are taken against; null when they are off or there is no limit. */
    private final ChargedMemory captureLimit;

    Header(AgentOptions options, List<Sampler> samplers) {
        this(options, samplers, null);
    }

    Header(AgentOptions options, List<Sampler> samplers, ChargedMemory captureLimit) {
        this.options = options;
        this.samplers = samplers;
        this.captureLimit = captureLimit;
    }

    /**
     * Read once per JVM, from one read of the maps: scanning libc for its banner is cheap once,
     * wasteful per part, and a library that replaces malloc is loaded before main, never later.
     */
    private static final String MAPS = MappedFiles.read();
    private static final String GLIBC_VERSION = GlibcVersion.detect(MAPS);
    private static final MappedAllocator ALLOCATOR = MappedAllocator.detect(MAPS, GLIBC_VERSION);

    /** The malloc this process runs on, as the header names it. */
    static MappedAllocator allocator() {
        return ALLOCATOR;
    }

    CharSequence line(int part) {
        line.begin()
                .field("type", "header")
                .field("schema", SCHEMA)
                .field("part", part)
                .field("agentVersion", AgentVersion.get())
                .field("pid", ProcessHandle.current().pid())
                .field("timeMillis", System.currentTimeMillis())
                .field("jvmStartMillis", runtime.getStartTime())
                .field("uptimeMillis", runtime.getUptime());
        BuildInfo build = BuildInfo.current();
        line.beginObject("build")
                .field("version", build.version)
                .field("commit", build.commit)
                .field("date", build.date)
                .endObject();
        line.beginObject("jvm")
                .field("version", Runtime.version().toString())
                .field("feature", Runtime.version().feature())
                .field("vendor", System.getProperty("java.vm.vendor"))
                .field("vmName", System.getProperty("java.vm.name"))
                .field("home", System.getProperty("java.home"))
                .field("command", System.getProperty("sun.java.command"))
                .endObject();
        line.beginArray("inputArguments");
        for (String argument : runtime.getInputArguments()) {
            line.element(argument);
        }
        line.endArray();
        line.beginArray("gc");
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            line.element(collector.getName());
        }
        line.endArray();
        line.field("maxHeapBytes", Runtime.getRuntime().maxMemory())
                .field("cpuCount", Runtime.getRuntime().availableProcessors());
        line.beginObject("os")
                .field("name", System.getProperty("os.name"))
                .field("arch", System.getProperty("os.arch"))
                .field("version", System.getProperty("os.version"))
                .endObject();
        String nmtMode = NmtMode.current();
        line.beginObject("nmt").field("mode", nmtMode);
        if (nmtMode.equals("off")) {
            line.field("hint", "Native Memory Tracking is off: start the JVM with -XX:NativeMemoryTracking=summary"
                    + " to split native memory by JVM category (it cannot be switched on later)");
        }
        line.endObject();
        line.field("glibcVersion", GLIBC_VERSION);
        line.beginObject("allocator")
                .field("name", ALLOCATOR.name)
                .field("library", ALLOCATOR.library)
                .field("source", ALLOCATOR.source)
                .endObject();
        Long containerLimitBytes = containerLimitBytes();
        if (containerLimitBytes != null) {
            line.field("containerLimitBytes", containerLimitBytes.longValue());
        }
        if (captureLimit != null) {
            line.beginObject("captureLimit")
                    .field("limitBytes", captureLimit.limitBytes())
                    .field("limitSource", captureLimit.limitSource())
                    .field("usage", captureLimit.figure());
            line.beginArray("thresholds");
            for (double threshold : options.captureThresholds) {
                line.element(threshold);
            }
            line.endArray().endObject();
        }
        line.field("mallocArenaMax", System.getenv("MALLOC_ARENA_MAX"))
                .field("ldPreload", System.getenv("LD_PRELOAD"))
                .field("options", options.toString())
                .field("intervalMillis", options.intervalMillis);
        line.beginArray("samplers");
        for (Sampler sampler : samplers) {
            line.element(sampler.name());
        }
        line.endArray();
        return line.end();
    }

    /** The memory cgroup's limit, -1 when unlimited, null when the process has no memory cgroup. */
    private Long containerLimitBytes() {
        for (Sampler sampler : samplers) {
            if (sampler instanceof CgroupSampler) {
                try {
                    return ((CgroupSampler) sampler).limitBytes();
                } catch (IOException | RuntimeException unreadable) {
                    return null;
                }
            }
        }
        return null;
    }
}
