package io.bloatscope.testapps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A segment store that maps what it writes: every step it writes a new segment file (64 KB–1 MB,
 * varied), maps it read-only and scans it, as a search index or a log store serving reads from its
 * segments would. It keeps every segment's mapping open in its list of readers and never closes
 * one: a MappedByteBuffer is unmapped only when the GC collects it, so the mapped buffer pool and
 * the file-backed part of RSS grow, while the heap (a small buffer object per segment) and native
 * memory stay flat. Expected verdict: <b>MAPPED_BUFFER_LEAK</b>.
 *
 * <p>Each segment also serves requests that make 4 MB of short-lived garbage, so young collections
 * run (and would collect any mapping dropped). With {@code --open-segments N} the store keeps only
 * the newest N readers and drops the rest: the pool holds a plateau, and no leak verdict is right.
 *
 * <p>Options: {@code --segments-per-s} (default 8), {@code --open-segments} (0 = never close,
 * the default), {@code --max-mb} of segment files on disk after which files are overwritten in
 * turn (default 768), {@code --seconds}. Prints {@code segments=<n> openMappedBytes=<n>} before
 * {@code DONE}. The segment files live in a temporary directory removed at exit.
 */
public final class MappedSegments {
    private static final int MIN_SEGMENT = 64 << 10;
    private static final int MAX_SEGMENT = 1 << 20;
    private static final int PAGE = 4096;

    /** Where request garbage is published, so the JIT must really allocate it. */
    static volatile byte[] lastRequest;
    /** What the scans read, so the JIT cannot drop them. */
    static volatile long checksum;

    public static void main(String[] argv) throws IOException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("segments-per-s", 8L, "open-segments", 0L, "max-mb", 768L));
        long rate = args.positive("segments-per-s");
        int keepOpen = args.getInt("open-segments");
        long maxBytes = args.positive("max-mb") << 20;
        Path dir = Files.createTempDirectory("bloatscope-segments");
        Deque<MappedByteBuffer> readers = new ArrayDeque<>();
        SplittableRandom sizes = new SplittableRandom(11);
        long segments = 0;
        long openBytes = 0;
        ScenarioRun run = new ScenarioRun(args);
        try {
            run.ready();
            while (run.nextStep()) {
                for (long i = run.perStep(rate); i > 0; i--) {
                    int size = sizes.nextInt(MIN_SEGMENT / PAGE, MAX_SEGMENT / PAGE + 1) * PAGE;
                    Path file = dir.resolve("segment-" + (segments % (maxBytes / MAX_SEGMENT)));
                    MappedByteBuffer reader = writeAndMap(file, size, segments);
                    segments++;
                    readers.addLast(reader);
                    openBytes += size;
                    while (keepOpen > 0 && readers.size() > keepOpen) {
                        openBytes -= readers.removeFirst().capacity();
                    }
                    serveRequests();
                }
            }
            System.out.println("segments=" + segments + " openMappedBytes=" + openBytes);
        } finally {
            deleteAll(dir); // the mappings stay valid (and resident) after their files are unlinked
        }
        run.finish();
    }

    private static MappedByteBuffer writeAndMap(Path file, int size, long id) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(PAGE);
            for (int offset = 0; offset < size; offset += PAGE) {
                block.clear();
                block.putLong(0, id * 31 + offset);
                channel.write(block);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            long sum = 0;
            for (int offset = 0; offset < size; offset += PAGE) {
                sum += mapped.getLong(offset); // touches every page: they become resident
            }
            checksum += sum;
            return mapped; // the mapping outlives the channel, as it does in a store
        }
    }

    /** 4 MB of short-lived buffers, so young collections run often and collect the readers dropped. */
    private static void serveRequests() {
        for (int i = 0; i < 256; i++) {
            lastRequest = new byte[16 << 10];
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
