package io.bloatscope.sitetest;

import io.bloatscope.agent.bridge.NativeEvents;

/**
 * Stands for application code in tests: outside the agent's packages, so the tracker takes these
 * methods as allocation sites, as it would the application's.
 */
public final class AppCode {
    private AppCode() {
    }

    public static void allocate(NativeEvents events, int kind, Object owner, long bytes) {
        events.allocated(kind, owner, bytes);
    }

    /** Five distinct sites, by source line. */
    public static void allocateAtLine(NativeEvents events, int line, int kind, Object owner, long bytes) {
        switch (line) {
            case 0: events.allocated(kind, owner, bytes); break;
            case 1: events.allocated(kind, owner, bytes); break;
            case 2: events.allocated(kind, owner, bytes); break;
            case 3: events.allocated(kind, owner, bytes); break;
            default: events.allocated(kind, owner, bytes); break;
        }
    }

    /** What the bridge does for one Unsafe block, with this thread's state. */
    public static void unsafeAllocate(NativeEvents events, long address, long bytes, long[] threadState) {
        threadState[1] -= bytes;
        if (threadState[1] < 0) {
            events.unsafeSampled(address, bytes, threadState);
        }
    }
}
