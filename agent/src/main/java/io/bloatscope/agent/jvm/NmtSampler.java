package io.bloatscope.agent.jvm;

import io.bloatscope.format.text.NmtSummary;
import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;

/**
 * Writes the JVM's own account of its native memory, from {@code VM.native_memory summary
 * scale=b}:
 * <pre>"nmt":{"totalReservedBytes":n,"totalCommittedBytes":n,"totalMallocBytes":n,
 *   "totalMallocCount":n,"totalMmapReservedBytes":n,"totalMmapCommittedBytes":n,
 *   "categories":[{"name":"Java Heap","reservedBytes":n,"committedBytes":n,"mallocBytes":n,
 *   "mallocCount":n,"mmapReservedBytes":n,"mmapCommittedBytes":n,"arenaBytes":n,"arenaCount":n,
 *   "stackReservedBytes":n,"stackCommittedBytes":n,"mallocPeakBytes":n,"arenaPeakBytes":n,
 *   "mmapPeakBytes":n}, ...]}</pre>
 * A field the JDK did not print for a category (or the total) is omitted rather than written as -1.
 * Stack fields appear only for "Thread" on JDKs that print them. The peaks are NMT's own high-water
 * marks since the JVM started: a compilation's arenas live for milliseconds, between two samples,
 * and only the peak shows how large they were.
 *
 * <p>Cost, measured on the build host (2 CPUs, a small JVM, 21-23 categories): about 0.2 ms per
 * sample once warm on JDK 17 and 25 (command, parse and write); the first call takes 3-12 ms.
 * The cost grows with what NMT has to summarise (virtual memory regions), not with heap size.
 */
public final class NmtSampler implements Sampler {
    private final DiagnosticCommand commands;
    private volatile long lastCommittedOutsideHeapBytes = -1;
    private volatile long lastCompilerBytes = -1;
    private volatile long lastCompilerArenaPeakBytes = -1;

    NmtSampler(DiagnosticCommand commands) {
        this.commands = commands;
    }

    /** A sampler when NMT is on (summary or detail) and the command exists, else null. */
    public static NmtSampler createIfTracking(DiagnosticCommand commands) {
        String mode = NmtMode.current();
        if (!mode.equals("summary") && !mode.equals("detail")) {
            return null;
        }
        return commands.has("vmNativeMemory") ? new NmtSampler(commands) : null;
    }

    @Override
    public String name() {
        return "nmt";
    }

    @Override
    public void sample(JsonLine snapshot) {
        String output = commands.invoke("vmNativeMemory", "summary", "scale=b");
        NmtSummary summary = NmtSummary.parse(output);
        if (!summary.enabled) {
            throw new IllegalStateException("VM.native_memory gave no report: " + firstLine(output));
        }
        lastCommittedOutsideHeapBytes = committedOutsideHeap(summary);
        lastCompilerBytes = compiler(summary);
        NmtSummary.Category compiler = summary.category("Compiler");
        lastCompilerArenaPeakBytes = compiler == null ? -1 : compiler.arenaPeakBytes;
        snapshot.beginObject("nmt");
        optional(snapshot, "totalReservedBytes", summary.totalReservedBytes);
        optional(snapshot, "totalCommittedBytes", summary.totalCommittedBytes);
        optional(snapshot, "totalMallocBytes", summary.totalMallocBytes);
        optional(snapshot, "totalMallocCount", summary.totalMallocCount);
        optional(snapshot, "totalMmapReservedBytes", summary.totalMmapReservedBytes);
        optional(snapshot, "totalMmapCommittedBytes", summary.totalMmapCommittedBytes);
        snapshot.beginArray("categories");
        for (NmtSummary.Category c : summary.categories) {
            snapshot.beginElementObject().field("name", c.name);
            optional(snapshot, "reservedBytes", c.reservedBytes);
            optional(snapshot, "committedBytes", c.committedBytes);
            optional(snapshot, "mallocBytes", c.mallocBytes);
            optional(snapshot, "mallocCount", c.mallocCount);
            optional(snapshot, "mmapReservedBytes", c.mmapReservedBytes);
            optional(snapshot, "mmapCommittedBytes", c.mmapCommittedBytes);
            optional(snapshot, "arenaBytes", c.arenaBytes);
            optional(snapshot, "arenaCount", c.arenaCount);
            optional(snapshot, "stackReservedBytes", c.stackReservedBytes);
            optional(snapshot, "stackCommittedBytes", c.stackCommittedBytes);
            optional(snapshot, "mallocPeakBytes", c.mallocPeakBytes);
            optional(snapshot, "arenaPeakBytes", c.arenaPeakBytes);
            optional(snapshot, "mmapPeakBytes", c.mmapPeakBytes);
            snapshot.endObject();
        }
        snapshot.endArray().endObject();
    }

    /**
     * NMT's committed total without the Java heap at the last sample, -1 before the first or when
     * the summary lacked either figure.
     */
    public long lastCommittedOutsideHeapBytes() {
        return lastCommittedOutsideHeapBytes;
    }

    /** NMT Compiler + Arena Chunk committed at the last sample (the JIT compilers' memory), -1 before the first. */
    public long lastCompilerBytes() {
        return lastCompilerBytes;
    }

    /** NMT's high-water mark of the compiler's arenas at the last sample, -1 before the first or where the JDK prints none. */
    public long lastCompilerArenaPeakBytes() {
        return lastCompilerArenaPeakBytes;
    }

    private static long compiler(NmtSummary summary) {
        long bytes = 0;
        for (NmtSummary.Category c : summary.categories) {
            if ((c.name.equals("Compiler") || c.name.equals("Arena Chunk")) && c.committedBytes > 0) {
                bytes += c.committedBytes;
            }
        }
        return bytes;
    }

    private static long committedOutsideHeap(NmtSummary summary) {
        if (summary.totalCommittedBytes < 0) {
            return -1;
        }
        for (NmtSummary.Category c : summary.categories) {
            if (c.name.equals("Java Heap")) {
                return c.committedBytes < 0 ? -1 : summary.totalCommittedBytes - c.committedBytes;
            }
        }
        return -1;
    }

    private static void optional(JsonLine snapshot, String key, long value) {
        if (value >= 0) {
            snapshot.field(key, value);
        }
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
