package io.bloatscope.agent.os;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.format.text.LineCursor;
import io.bloatscope.agent.write.JsonLine;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Writes what {@code /proc/self/smaps} tells about glibc malloc (see {@link Smaps} for how arena
 * heaps are recognised):
 * <pre>"smaps":{"mappings":n,"anonRssBytes":n,"mainArenaRssBytes":n,"arenaHeapCount":n,
 *   "arenaHeapRssBytes":n,"arenaHeapMappedBytes":n,"reason":"first"|"interval"|"adaptive"|"exit"|"capture"
 *   [,"anonOutsideHeapGrowthBytes":n]}</pre>
 * {@code arenaHeapMappedBytes} is the read-write (usable) part of the heaps, not their 64 MiB
 * reservations.
 *
 * <p>Reading smaps makes the kernel walk every page table of the process while holding its mmap
 * lock for reading, which briefly delays the application's own mmap/munmap calls; on large heaps
 * the read itself (not the parse) dominates, so a caller may want a longer interval for this
 * sampler than for the cheap ones: {@link SmapsCadence} decides on which ticks it reads, and the
 * section is absent from the others. The growth is written with adaptive reads only.
 */
public final class SmapsSampler implements Sampler {
    private final ProcFile smaps;
    private final LineCursor cursor = new LineCursor();
    private final SmapsCadence cadence;
    private final LongSupplier anonOutsideHeapBytes;
    private final LongSupplier clockMillis;

    /**
     * @param intervalMillis least time between two regular reads
     * @param adaptive read more often while anonymous memory outside the heap grows
     * @param tickMillis the sampling interval
     * @param anonOutsideHeapBytes this tick's anonymous memory outside the heap, or {@link Long#MIN_VALUE}
     */
    public SmapsSampler(long intervalMillis, boolean adaptive, long tickMillis, LongSupplier anonOutsideHeapBytes) {
        this(Path.of("/proc/self/smaps"), new SmapsCadence(intervalMillis, adaptive, tickMillis), anonOutsideHeapBytes,
                () -> System.nanoTime() / 1_000_000);
    }

    /** Reads at every call: for tests of the parse and the section. */
    SmapsSampler() {
        this(Path.of("/proc/self/smaps"), new SmapsCadence(0, false, 0), () -> SmapsCadence.UNKNOWN,
                () -> System.nanoTime() / 1_000_000);
    }

    SmapsSampler(Path smapsFile, SmapsCadence cadence, LongSupplier anonOutsideHeapBytes, LongSupplier clockMillis) {
        this.smaps = new ProcFile(smapsFile, 256 * 1024);
        this.cadence = cadence;
        this.anonOutsideHeapBytes = anonOutsideHeapBytes;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return "smaps";
    }

    @Override
    public void beforeExitSnapshot() {
        cadence.exitNext();
    }

    @Override
    public void beforeCapture() {
        cadence.captureNext();
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        String reason = cadence.decide(clockMillis.getAsLong(), anonOutsideHeapBytes.getAsLong());
        if (reason == null) {
            return;
        }
        Smaps s = Smaps.parse(smaps.read(), cursor);
        snapshot.beginObject("smaps")
                .field("mappings", s.mappings)
                .field("anonRssBytes", s.anonRssBytes)
                .field("mainArenaRssBytes", s.mainArenaRssBytes)
                .field("arenaHeapCount", s.arenaHeapCount)
                .field("arenaHeapRssBytes", s.arenaHeapRssBytes)
                .field("arenaHeapMappedBytes", s.arenaHeapMappedBytes)
                .field("reason", reason);
        if (reason.equals("adaptive")) {
            snapshot.field("anonOutsideHeapGrowthBytes", cadence.growthBytes());
        }
        snapshot.endObject();
    }

    /** Releases the smaps file, which is kept open between reads. */
    @Override
    public void close() {
        smaps.close();
    }
}
