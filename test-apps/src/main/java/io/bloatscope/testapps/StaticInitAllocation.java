package io.bloatscope.testapps;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Native memory taken before {@code main}'s first line: this class's static initialiser allocates
 * an 8 MB direct buffer and an {@link Inflater} that has inflated a payload (so zlib holds its
 * state and window), and keeps both for the whole run. With {@code -javaagent} the agent's native
 * sites are in place before the main class is initialised, so both allocations (the Inflater with
 * {@code nativeSites=on}) are sites through {@code StaticInitAllocation.<clinit>}; instrumentation installed later (as it was, on the
 * sampling thread a second or two after start) never saw them. Nothing grows afterwards.
 * Expected verdict: <b>HEALTHY</b>: the memory is taken once and held, not leaked.
 */
public final class StaticInitAllocation {
    static final ByteBuffer BUFFER = ByteBuffer.allocateDirect(8 << 20);
    static final Inflater INFLATER = inflating();

    private StaticInitAllocation() {
    }

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of());
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        long checksum = 0;
        while (run.nextStep()) {
            checksum += BUFFER.get((int) (run.elapsedMillis() % BUFFER.capacity())) + INFLATER.getTotalOut();
        }
        System.out.println("checksum " + checksum);
        run.finish();
    }

    /** An Inflater that has inflated 64 KB, so zlib allocated its state and 32 KB window. */
    private static Inflater inflating() {
        byte[] payload = new byte[64 << 10];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 % 251);
        }
        Deflater deflater = new Deflater();
        deflater.setInput(payload);
        deflater.finish();
        byte[] compressed = new byte[payload.length * 2];
        int length = deflater.deflate(compressed);
        deflater.end();
        Inflater inflater = new Inflater();
        inflater.setInput(compressed, 0, length);
        try {
            inflater.inflate(new byte[payload.length]);
        } catch (java.util.zip.DataFormatException impossible) {
            throw new IllegalStateException(impossible);
        }
        return inflater;
    }
}
