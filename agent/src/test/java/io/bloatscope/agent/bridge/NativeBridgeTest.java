package io.bloatscope.agent.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge's re-entrancy guard: recording cannot record itself. */
class NativeBridgeTest {
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void uninstall() {
        NativeBridge.install(null);
    }

    private final NativeEvents recorder = new NativeEvents() {
        @Override
        public void allocated(int kind, Object owner, long bytes) {
            seen.add("allocated " + bytes);
            NativeBridge.unsafeAllocated(99, 1); // what a tracker's own allocation would look like
        }

        @Override
        public void released(int kind, Object owner) {
            seen.add("released");
        }

        @Override
        public void unsafeSampled(long address, long bytes, long[] threadState) {
            seen.add("sampled " + bytes);
            threadState[NativeBridge.UNTIL_SAMPLE] = 1 << 20;
            NativeBridge.allocated(NativeBridge.DIRECT, this, 7);
            NativeBridge.unsafeAllocated(77, 5);
        }

        @Override
        public void unsafeReallocated(long oldAddress, long newAddress, long bytes) {
            seen.add("realloc");
        }

        @Override
        public void unsafeFreed(long address) {
            seen.add("free");
        }
    };

    @Test
    void nothingWithoutTracker() {
        assertFalse(NativeBridge.enter());
        NativeBridge.unsafeAllocated(1, 1);
    }

    @Test
    void recordingDoesNotRecordItself() {
        NativeBridge.install(recorder);
        NativeBridge.allocated(NativeBridge.INFLATER, new Object(), 5);
        NativeBridge.unsafeAllocated(42, 8);
        assertEquals(List.of("allocated 5", "sampled 8"), seen, "a sample records neither its own allocations nor Unsafe calls");
    }

    @Test
    void everyUnsafeCallIsCountedPerThreadAndSummed() throws Exception {
        NativeBridge.install(recorder);
        long[] before = NativeBridge.unsafeTotals();
        Thread worker = new Thread(() -> {
            for (int i = 1; i <= 1000; i++) {
                NativeBridge.unsafeAllocated(i, 16);
                NativeBridge.unsafeFreed(i);
            }
        });
        worker.start();
        worker.join();
        long[] after = NativeBridge.unsafeTotals();
        assertEquals(1000, after[0] - before[0]);
        assertEquals(16_000, after[1] - before[1]);
        assertEquals(1000, after[2] - before[2]);
        assertEquals(after[0], NativeBridge.unsafeTotals()[0], "a finished thread's counts are kept");
    }

    @Test
    void aRegionHidesTheJdkAllocationsInsideIt() {
        NativeBridge.install(recorder);
        assertTrue(NativeBridge.enter());
        long[] before = NativeBridge.unsafeTotals();
        NativeBridge.unsafeAllocated(42, 1 << 30); // allocateDirect's own Unsafe call
        NativeBridge.allocatedInside(NativeBridge.DIRECT, new Object(), 8);
        NativeBridge.exit();
        NativeBridge.unsafeFreed(42);
        assertEquals(List.of("allocated 8", "free"), seen);
        assertEquals(before[0], NativeBridge.unsafeTotals()[0], "not counted as Unsafe");
    }

    @Test
    void ignoredThreadNeverRecords() throws Exception {
        NativeBridge.install(recorder);
        Thread agentThread = new Thread(() -> {
            NativeBridge.ignoreCurrentThread();
            NativeBridge.unsafeAllocated(1, 1);
            NativeBridge.allocated(NativeBridge.ZIP, new Object(), 0);
        });
        agentThread.start();
        agentThread.join();
        assertEquals(List.of(), seen);
    }
}
