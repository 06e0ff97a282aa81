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
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private NativeBridge() {
    }

    public static void install(NativeEvents tracker) {
        events = tracker;
    }

    /**
     * Never records on the calling thread: for the agent's own threads, whose file writes and
     * stack walks are not the application's memory.
     */
    public static void ignoreCurrentThread() {
        DEPTH.get()[0] = Integer.MIN_VALUE / 2;
    }

    /** Enters a recorded region; false (and nothing entered) when already inside one. */
    public static boolean enter() {
        if (events == null) {
            return false;
        }
        int[] depth = DEPTH.get();
        if (depth[0] != 0) {
            return false;
        }
        depth[0] = 1;
        return true;
    }

    /** Leaves a region entered by {@link #enter} that returned true. */
    public static void exit() {
        int[] depth = DEPTH.get();
        if (depth[0] == 1) {
            depth[0] = 0;
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

    public static void unsafeAllocated(long address, long bytes) {
        NativeEvents tracker = events;
        if (tracker != null && address != 0 && enter()) {
            try {
                tracker.unsafeAllocated(address, bytes);
            } finally {
                exit();
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

    public static void unsafeFreed(long address) {
        NativeEvents tracker = events;
        if (tracker != null && address != 0 && enter()) {
            try {
                tracker.unsafeFreed(address);
            } finally {
                exit();
            }
        }
    }
}
