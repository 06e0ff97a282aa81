package io.bloatscope.agent.bridge;

/**
 * The one class instrumented JDK code calls. It is injected into the bootstrap class loader
 * (instrumented JDK classes live there and cannot see the agent's classes) and uses JDK types
 * only; the agent plugs its tracker in through {@link #install}.
 *
 * <p>Every entry point is guarded: while a thread is inside the agent's recording code, the
 * native allocations that code makes itself (a map resize, a stack walk) are not recorded, so
 * recording can never record itself or recurse. With no tracker installed each call is one
 * volatile read.
 */
public final class NativeBridge {
    public static final int DIRECT = 0;
    public static final int INFLATER = 1;
    public static final int DEFLATER = 2;
    public static final int ZIP = 3;
    public static final int THREAD = 4;
    public static final int MMAP = 5;
    public static final int UNSAFE = 6;
    public static final String[] KIND_NAMES = {"direct", "inflater", "deflater", "zip", "thread", "mmap", "unsafe"};

    private static volatile NativeEvents events;
    /** Depth of recording (or of a JDK allocation already being recorded) on this thread. */
    private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(NativeBridge::newThreadState);
    /**
     * Every thread's state, for summing its Unsafe counters: plain per-thread counters cost a
     * fraction of shared atomic ones in a malloc storm. Dead threads are folded into
     * {@link #retired} and dropped by {@link #unsafeTotals}, so the map holds live threads only
     * (plus those that ended since the last snapshot).
     */
    private static final java.util.Map<Thread, long[]> THREAD_STATES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long[] retired = new long[3];
    /** {@code STATE[DEPTH]}: depth of recording on this thread, 0 outside. */
    private static final int DEPTH = 0;
    /** {@code STATE[UNTIL_SAMPLE]}: Unsafe bytes this thread allocates before its next sampled block. */
    public static final int UNTIL_SAMPLE = 1;
    /** {@code STATE[STARTED]}: 1 once the tracker drew this thread's first sampling distance. */
    public static final int STARTED = 2;
    private static final int ALLOCATIONS = 3;
    private static final int ALLOCATED_BYTES = 4;
    private static final int FREES = 5;

    private NativeBridge() {
    }

    private static long[] newThreadState() {
        long[] state = new long[6];
        THREAD_STATES.put(Thread.currentThread(), state);
        return state;
    }

    /**
     * Unsafe allocations, allocated bytes and frees over all threads since the start (an
     * instantaneous, slightly stale view: counters are written by their own threads without fences).
     * Call from one thread only (the sampling thread).
     */
    public static long[] unsafeTotals() {
        long[] totals = {retired[0], retired[1], retired[2]};
        for (java.util.Iterator<java.util.Map.Entry<Thread, long[]>> it = THREAD_STATES.entrySet().iterator();
                it.hasNext(); ) {
            java.util.Map.Entry<Thread, long[]> entry = it.next();
            long[] state = entry.getValue();
            boolean dead = !entry.getKey().isAlive() && entry.getKey().getState() == Thread.State.TERMINATED;
            long[] into = dead ? retired : totals;
            into[0] += state[ALLOCATIONS];
            into[1] += state[ALLOCATED_BYTES];
            into[2] += state[FREES];
            if (dead) {
                totals[0] += state[ALLOCATIONS];
                totals[1] += state[ALLOCATED_BYTES];
                totals[2] += state[FREES];
                it.remove();
            }
        }
        return totals;
    }

    public static void install(NativeEvents tracker) {
        events = tracker;
    }

    /**
     * Never records on the calling thread: for the agent's own threads, whose file writes and
     * stack walks are not the application's memory.
     */
    public static void ignoreCurrentThread() {
        STATE.get()[DEPTH] = Long.MIN_VALUE / 2;
    }

    /** Enters a recorded region; false (and nothing entered) when already inside one. */
    public static boolean enter() {
        if (events == null) {
            return false;
        }
        long[] state = STATE.get();
        if (state[DEPTH] != 0) {
            return false;
        }
        state[DEPTH] = 1;
        return true;
    }

    /** Leaves a region entered by {@link #enter} that returned true. */
    public static void exit() {
        long[] state = STATE.get();
        if (state[DEPTH] == 1) {
            state[DEPTH] = 0;
        }
    }

    /**
     * Records an allocation from inside a region the caller entered (so that the JDK's own
     * allocations within it, such as the Unsafe call inside {@code allocateDirect}, are not
     * counted twice).
     */
    public static void allocatedInside(int kind, Object owner, long bytes) {
        NativeEvents tracker = events;
        if (tracker != null && owner != null) {
            tracker.allocated(kind, owner, bytes);
        }
    }

    /** Records an allocation, entering and leaving the guarded region itself. */
    public static void allocated(int kind, Object owner, long bytes) {
        NativeEvents tracker = events;
        if (tracker != null && owner != null && enter()) {
            try {
                tracker.allocated(kind, owner, bytes);
            } finally {
                exit();
            }
        }
    }

    public static void released(int kind, Object owner) {
        NativeEvents tracker = events;
        if (tracker != null && enter()) {
            try {
                tracker.released(kind, owner);
            } finally {
                exit();
            }
        }
    }

    /**
     * The hot path of a malloc storm: one thread-local read and the tracker's counters; the
     * guarded region (and the stack walk) only for a sampled block.
     */
    public static void unsafeAllocated(long address, long bytes) {
        NativeEvents tracker = events;
        if (tracker == null || address == 0) {
            return;
        }
        long[] state = STATE.get();
        if (state[DEPTH] != 0) {
            return;
        }
        state[ALLOCATIONS]++;
        state[ALLOCATED_BYTES] += bytes;
        state[UNTIL_SAMPLE] -= bytes;
        if (state[UNTIL_SAMPLE] < 0) {
            state[DEPTH] = 1;
            try {
                tracker.unsafeSampled(address, bytes, state);
            } finally {
                state[DEPTH] = 0;
            }
        }
    }

    public static void unsafeReallocated(long oldAddress, long newAddress, long bytes) {
        NativeEvents tracker = events;
        if (tracker != null && newAddress != 0 && enter()) {
            try {
                tracker.unsafeReallocated(oldAddress, newAddress, bytes);
            } finally {
                exit();
            }
        }
    }

    /** Frees take no stack and allocate nothing natively: only the depth is checked. */
    public static void unsafeFreed(long address) {
        NativeEvents tracker = events;
        if (tracker != null && address != 0) {
            long[] state = STATE.get();
            if (state[DEPTH] == 0) {
                state[FREES]++;
                tracker.unsafeFreed(address);
            }
        }
    }
}
