package io.bloatscope.agent.os;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.text.LineCursor;
import io.bloatscope.agent.write.JsonLine;
import java.nio.file.Path;

/**
 * Writes what {@code /proc/self/smaps} tells about glibc malloc (see {@link Smaps} for how arena
 * heaps are recognised):
 * <pre>"smaps":{"mappings":n,"anonRssBytes":n,"mainArenaRssBytes":n,"arenaHeapCount":n,
 *   "arenaHeapRssBytes":n,"arenaHeapMappedBytes":n}</pre>
 * {@code arenaHeapMappedBytes} is the read-write (usable) part of the heaps, not their 64 MiB
 * reservations.
 *
 * <p>Reading smaps makes the kernel walk every page table of the process while holding its mmap
 * lock for reading, which briefly delays the application's own mmap/munmap calls; on large heaps
 * the read itself (not the parse) dominates, so a caller may want a longer interval for this
 * sampler than for the cheap ones.
 */
public final class SmapsSampler implements Sampler {
    private final ProcFile smaps;
    private final LineCursor cursor = new LineCursor();

    public SmapsSampler() {
        this(Path.of("/proc/self/smaps"));
    }

    SmapsSampler(Path smapsFile) {
        this.smaps = new ProcFile(smapsFile, 256 * 1024);
    }

    @Override
    public String name() {
        return "smaps";
    }

    @Override
    public void sample(JsonLine snapshot) throws Exception {
        Smaps s = Smaps.parse(smaps.read(), cursor);
        snapshot.beginObject("smaps")
                .field("mappings", s.mappings)
                .field("anonRssBytes", s.anonRssBytes)
                .field("mainArenaRssBytes", s.mainArenaRssBytes)
                .field("arenaHeapCount", s.arenaHeapCount)
                .field("arenaHeapRssBytes", s.arenaHeapRssBytes)
                .field("arenaHeapMappedBytes", s.arenaHeapMappedBytes)
                .endObject();
    }

    /** Releases the smaps file, which is kept open between reads. */
    @Override
    public void close() {
        smaps.close();
    }
}
