package io.bloatscope.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A native leak that Native Memory Tracking cannot see: {@link #leakInflaters} creates {@link
 * Inflater}s, inflates a 48 KB payload with each in 4 KB pieces (so zlib allocates its inflate
 * state and fills its 32 KB window; a stream finished in one call would skip the window) and keeps
 * them reachable without ever calling {@code end()}. zlib calls {@code malloc} directly, not
 * through the JVM, so NMT's total stays flat while RSS grows by about 39 KB per inflater (measured
 * on JDK 17 and 25); the Inflater objects themselves are tiny on the heap. Expected verdict:
 * <b>NATIVE_LEAK</b>, untracked (RSS growth that no JVM pool or NMT category explains; malloc in
 * use grows).
 *
 * <p>Options: {@code --rate} inflaters per second (default 50, about 2 MB/s), {@code --max-mb}
 * estimated leaked megabytes after which the leak holds steady (default 512), {@code
 * --garbage-mb-per-s} short-lived request buffers beside the leak (default 0: in a heap whose young
 * generation takes them all, heap usage then rises in every interval as the native memory does),
 * {@code --seconds}.
 */
public final class InflaterLeak {
    /** zlib's inflate state (~7 KB) plus its 32 KB window, per inflater; used only for the cap. */
    static final long ESTIMATED_NATIVE_BYTES_PER_INFLATER = 40 << 10;

    private static final List<Inflater> OPEN_INFLATERS = new ArrayList<>();
    /** Where request garbage is published, so the JIT must really allocate it. */
    static volatile byte[] lastRequest;

    public static void main(String[] argv) throws DataFormatException {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 50L, "max-mb", 512L, "garbage-mb-per-s", 0L));
        long garbageBytesPerSecond = args.get("garbage-mb-per-s") << 20;
        long rate = args.positive("rate");
        long maxInflaters = (args.get("max-mb") << 20) / ESTIMATED_NATIVE_BYTES_PER_INFLATER;
        byte[] payload = compressedPayload();
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            leakInflaters(Math.min(run.perStep(rate), maxInflaters - OPEN_INFLATERS.size()), payload);
            for (long garbage = run.perStep(garbageBytesPerSecond); garbage > 0; garbage -= 64 << 10) {
                lastRequest = new byte[64 << 10];
            }
        }
        System.out.println("openInflaters=" + OPEN_INFLATERS.size());
        run.finish();
    }

    static void leakInflaters(long count, byte[] payload) throws DataFormatException {
        byte[] output = new byte[4 << 10]; // smaller than the payload: zlib keeps a window only across calls
        for (long i = 0; i < count; i++) {
            Inflater inflater = new Inflater();
            inflater.setInput(payload);
            while (!inflater.finished() && inflater.inflate(output) > 0) {
                // drain; producing output is what makes zlib allocate its window
            }
            OPEN_INFLATERS.add(inflater); // reachable, so its Cleaner never runs end()
        }
    }

    private static byte[] compressedPayload() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 48 << 10; i++) {
            text.append("order ").append(i).append(" shipped to warehouse ").append(i % 17).append('\n');
        }
        Deflater deflater = new Deflater();
        deflater.setInput(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        deflater.finish();
        byte[] buffer = new byte[64 << 10];
        int length = deflater.deflate(buffer);
        deflater.end();
        return java.util.Arrays.copyOf(buffer, length);
    }
}
