package io.bloatscope.agent.jvm;

/**
 * Asks glibc to give free memory back to the system ({@code System.trim_native_heap}, which calls
 * {@code malloc_trim(0)}) and reports how much RSS that released. The answer separates "glibc
 * retains freed memory" (a trim gives it back: bloat) from "the application still holds it" (a trim
 * gives nothing: a leak or real use).
 *
 * <p>A trim is not free: glibc locks each arena in turn while it returns its free pages, so
 * application threads that malloc meanwhile wait; the time grows with the free memory to return
 * (the captures' trims of about 27 MB were quick, large fragmented heaps are not). Hence probes are rate-limited by {@link TrimSampler} and this class runs
 * one at a time.
 */
public final class TrimProbe {
    static final String OPERATION = "systemTrimNativeHeap";

    private final DiagnosticCommand commands;

    TrimProbe(DiagnosticCommand commands) {
        this.commands = commands;
    }

    /** A probe when this JVM has {@code System.trim_native_heap} (17.0.9+, 21+), else null. */
    public static TrimProbe createIfSupported(DiagnosticCommand commands) {
        return commands.has(OPERATION) ? new TrimProbe(commands) : null;
    }

    /**
     * Trims now, on the calling thread, and returns what it released and how long it took. Callers
     * that must not wait (an attach thread answering a user) should use
     * {@link TrimSampler#requestProbe()} instead.
     */
    public synchronized TrimResult trimNow() {
        long start = System.nanoTime();
        String output = commands.invoke(OPERATION);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return TrimResult.parse(output).withDurationMillis(millis);
    }
}
