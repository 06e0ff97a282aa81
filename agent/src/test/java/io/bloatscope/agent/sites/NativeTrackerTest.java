package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.sitetest.AppCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker in-process, fed as the bridge would feed it (no instrumentation needed). */
class NativeTrackerTest {

    private static NativeSite site(NativeTracker tracker, int kind) {
        for (NativeSite site : tracker.sites()) {
            if (site.kind == kind && site.frame.contains("AppCode")) {
                return site;
            }
        }
        throw new AssertionError("no site of kind " + kind + " in " + tracker.sites());
    }

    @Test
    void releasedIsToldApartFromCollected() throws Exception {
        NativeTracker tracker = new NativeTracker(50, 256 << 10, thread -> 1 << 20);
        Object ended = new Object();
        AppCode.allocate(tracker, NativeBridge.INFLATER, ended, 1000);
        Object dropped = new Object();
        AppCode.allocate(tracker, NativeBridge.INFLATER, dropped, 1000);
        Object kept = new Object();
        AppCode.allocate(tracker, NativeBridge.INFLATER, kept, 1000);
        tracker.released(NativeBridge.INFLATER, ended);
        tracker.released(NativeBridge.INFLATER, ended); // end() twice counts once
        dropped = null;
        NativeSite site = site(tracker, NativeBridge.INFLATER);
        for (int i = 0; i < 50 && site.collectedCount.sum() == 0; i++) {
            System.gc();
            Thread.sleep(20);
            tracker.poll();
        }
        assertEquals(3, site.allocatedCount.sum());
        assertEquals(1, site.releasedCount.sum());
        assertEquals(1, site.collectedCount.sum());
        assertEquals(1, site.liveCount());
        assertEquals(1000, site.liveBytes());
        assertTrue(site.frame.startsWith("io.bloatscope.sitetest.AppCode.allocate(AppCode.java:"), site.frame);
        assertTrue(site.frames.get(1).contains("releasedIsToldApartFromCollected"), site.frames.toString());
        assertEquals(kept, kept);
    }

    @Test
    void sitesAreBoundedWithTheRestAsOther() {
        NativeTracker tracker = new NativeTracker(2, 256 << 10, thread -> 1 << 20);
        List<Object> owners = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Object owner = new Object();
            owners.add(owner);
            AppCode.allocateAtLine(tracker, i, NativeBridge.DIRECT, owner, 10);
        }
        List<NativeSite> sites = tracker.sites();
        assertEquals(3, sites.size(), "two named sites and other: " + sites.size());
        NativeSite other = sites.get(2);
        assertEquals(NativeSite.OTHER, other.frame);
        assertEquals(3, other.allocatedCount.sum());
    }

    @Test
    void unsafeSamplesEstimateBytesAndAreCreditedOnFree() {
        // No throttle: the loop below takes its samples within milliseconds, a storm to the default cap.
        NativeTracker tracker = new NativeTracker(50, 4096, 1_000_000, true, thread -> 0);
        long bytes = 0;
        long[] threadState = new long[3];
        for (long address = 1; address <= 10_000; address++) {
            AppCode.unsafeAllocate(tracker, address * 64, 64, threadState);
            bytes += 64;
        }
        long samples = tracker.unsafeSamples.sum();
        assertTrue(samples > 80 && samples < 250, "about 640000/4096 = 156 samples: " + samples);
        NativeSite site = site(tracker, NativeBridge.UNSAFE);
        double estimate = site.allocatedBytes.sum();
        assertTrue(Math.abs(estimate - bytes) < 0.35 * bytes, "estimate " + estimate + " of " + bytes);
        for (long address = 1; address <= 10_000; address++) {
            tracker.unsafeFreed(address * 64);
        }
        assertEquals(0, site.liveBytes(), "every sampled block freed");
    }

    @Test
    void aBurstOfOwnersIsSampledAndStillEstimatedWithoutBias() {
        long estimates = 0;
        int bursts = 200;
        double[] perBurst = new double[bursts];
        for (int burst = 0; burst < bursts; burst++) {
            NativeTracker tracker = new NativeTracker(50, 256 << 10, thread -> 0);
            List<Object> owners = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                Object owner = new Object();
                owners.add(owner);
                AppCode.allocate(tracker, NativeBridge.DEFLATER, owner, 1000);
            }
            NativeSite site = site(tracker, NativeBridge.DEFLATER);
            assertTrue(tracker.ownerSampleOneIn() > 1, "5000 at once is over the walks allowed a second");
            assertTrue(tracker.trackedOwners() < 1_000, "followed: " + tracker.trackedOwners());
            long estimate = site.allocatedCount.sum();
            assertEquals(estimate * 1000, site.allocatedBytes.sum());
            for (Object owner : owners) {
                tracker.released(NativeBridge.DEFLATER, owner);
            }
            assertEquals(0, site.liveCount(), "every owner ended: nothing is live, sampled or not");
            assertEquals(estimate, site.releasedCount.sum());
            estimates += estimate;
            perBurst[burst] = estimate;
        }
        double mean = (double) estimates / bursts;
        // Unbiased means the mean of the bursts' estimates is 5000 within its own standard error. The
        // rate adapts to the walks allowed per time window, so on a slow or busy machine a burst can be
        // sampled far more sparsely (an owner then stands for thousands): the spread is measured, not
        // assumed. On an idle machine one burst's standard deviation is about 18 % (the mean's 1.3 %).
        double squares = 0;
        for (double e : perBurst) {
            squares += (e - mean) * (e - mean);
        }
        double standardError = Math.sqrt(squares / (bursts - 1)) / Math.sqrt(bursts);
        assertTrue(Math.abs(mean - 5_000) < 5 * standardError + 50, "mean estimated count " + mean + " of 5000 (standard"
                + " error " + Math.round(standardError) + ")");
    }
}
