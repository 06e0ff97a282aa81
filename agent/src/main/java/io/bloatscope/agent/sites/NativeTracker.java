package io.bloatscope.agent.sites;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.bridge.NativeEvents;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Aggregates what the instrumented JDK methods report into at most {@code maxSites} sites per
 * run (further sites go to one {@code other} site per kind), and follows each tracked owner
 * (buffer, inflater, zip file, thread) with a weak reference, so that a release by an explicit
 * call ({@code end()}, {@code close()}, a thread's end) is told apart from collection without one.
 * Each owner's stack is walked, unless owners come faster than 10 a second (a service creating a
 * Deflater per response): then 1 in 2, 4, ... is walked and followed, standing for the others.
 *
 * <p>Unsafe is different: every call is counted (by the bridge, in per-thread counters), but the stack is walked only for sampled
 * allocations, chosen like a Poisson process over bytes with a mean of {@code unsafeSampleBytes}
 * between samples (raised by {@link SampleRate} while samples would exceed 100 a second), so a
 * storm of small blocks costs a few counter updates per call. A sampled block
 * stands for {@code size / p} bytes (p its chance of being sampled), an unbiased estimate, and is
 * remembered by address (bounded table) so its free is credited to its site.
 *
 * <p>Application threads never wait here except on the short bin locks of a
 * {@link ConcurrentHashMap} insert; reference processing and thread liveness checks run on the
 * sampling thread ({@link #poll}).
 */
final class NativeTracker implements NativeEvents {
    /** Owners followed at most; beyond, allocations are still counted but liveness is not known. */
    static final int MAX_TRACKED = 100_000;
    static final int ADDRESS_SLOTS = 1 << 16;

    private final int maxSites;
    /**
     * Samples of Unsafe blocks taken per second at most before the byte distance is raised: 6,000
     * a minute name the sites of any leak that matters, while at 1,000 a second the walks of a
     * malloc storm reached C2 within a second or two (about 0.3 s of compiler CPU, the largest
     * part of what all sites cost a short storm, measured by SitesBenchmark).
     */
    static final long MAX_UNSAFE_SAMPLES_PER_SECOND = 100;
    /** Unsafe samples are counted per tenth of a second, so a storm is throttled within one. */
    static final long UNSAFE_WINDOW_NANOS = SampleRate.SECOND_NANOS / 10;
    /** Owner allocations whose stack is walked per second at most before only 1 in 2, 4, ... is. */
    static final long MAX_OWNER_WALKS_PER_SECOND = 10;

    private final SampleRate sampleRate;
    private final SampleRate ownerRate;
    private final ToLongFunction<Thread> stackBytes;
    private final Map<String, NativeSite> sites = new ConcurrentHashMap<>();
    private final AtomicInteger siteCount = new AtomicInteger();
    private final NativeSite[] others = new NativeSite[NativeBridge.KIND_NAMES.length];
    private final Map<Tracked, Tracked> tracked = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final Map<Tracked, Tracked> threads = new ConcurrentHashMap<>();
    /** Sampled Unsafe blocks by address; a token table without the {@code unsafe} kind (2 MB of heap saved). */
    private final AddressTable addresses;
    private final ThreadLocal<long[]> bytesUntilSample = new ThreadLocal<>();
    final LongAdder untracked = new LongAdder();
    final LongAdder unsafeReallocations = new LongAdder();
    final LongAdder unsafeSamples = new LongAdder();
    /** Owner allocations left out by sampling (each sampled one stands for the others). */
    final LongAdder ownersNotSampled = new LongAdder();

    static final String AGENT_THREAD_PREFIX = "bloatscope-";

    NativeTracker(int maxSites, long unsafeSampleBytes, ToLongFunction<Thread> stackBytes) {
        this(maxSites, unsafeSampleBytes, MAX_UNSAFE_SAMPLES_PER_SECOND, true, stackBytes);
    }

    /**
     * @param maxUnsafeSamplesPerSecond another cap (tests of the estimates, which sample in a burst)
     * @param unsafe whether the {@code unsafe} kind is on, which needs the address table
     */
    NativeTracker(int maxSites, long unsafeSampleBytes, long maxUnsafeSamplesPerSecond, boolean unsafe,
            ToLongFunction<Thread> stackBytes) {
        this.maxSites = maxSites;
        this.addresses = new AddressTable(unsafe ? ADDRESS_SLOTS : 1);
        this.sampleRate = new SampleRate(unsafeSampleBytes, maxUnsafeSamplesPerSecond, UNSAFE_WINDOW_NANOS,
                System::nanoTime);
        this.ownerRate = new SampleRate(1, MAX_OWNER_WALKS_PER_SECOND, System::nanoTime);
        this.stackBytes = stackBytes;
        for (int kind = 0; kind < others.length; kind++) {
            others[kind] = new NativeSite(kind, NativeSite.OTHER, List.of());
        }
    }

    @Override
    public void allocated(int kind, Object owner, long bytes) {
        if (kind == NativeBridge.THREAD && owner instanceof Thread) {
            if (((Thread) owner).getName().startsWith(AGENT_THREAD_PREFIX)) {
                // The agent's own threads (its exit-time snapshot hook is started by whatever
                // application thread calls System.exit) are not the application's allocations.
                return;
            }
            bytes = stackBytes.applyAsLong((Thread) owner);
        }
        long oneIn = ownerRate.distance();
        if (oneIn > 1 && ThreadLocalRandom.current().nextLong(oneIn) != 0) {
            ownersNotSampled.increment();
            return;
        }
        ownerRate.sampled();
        NativeSite site = siteHere(kind);
        // A sampled owner stands for oneIn owners like it (unbiased; exact while oneIn is 1).
        site.allocated(oneIn, bytes * oneIn, bytes);
        if (tracked.size() + threads.size() >= MAX_TRACKED) {
            untracked.increment();
            return;
        }
        Tracked ref = new Tracked(owner, site, bytes * oneIn, oneIn, collected);
        (kind == NativeBridge.THREAD ? threads : tracked).put(ref, ref);
    }

    @Override
    public void released(int kind, Object owner) {
        Tracked ref = tracked.remove(new Tracked(owner, null, 0, 0, null));
        if (ref != null && ref.site.kind == kind) {
            ref.clear();
            ref.site.released(ref.count, ref.bytes);
        }
    }

    @Override
    public void unsafeSampled(long address, long bytes, long[] threadState) {
        if (threadState[NativeBridge.STARTED] == 0) {
            // The thread's first block: draw its first distance, as if drawn before the block.
            threadState[NativeBridge.STARTED] = 1;
            threadState[NativeBridge.UNTIL_SAMPLE] = nextSampleDistance() - bytes;
            if (threadState[NativeBridge.UNTIL_SAMPLE] >= 0) {
                return;
            }
        }
        threadState[NativeBridge.UNTIL_SAMPLE] = nextSampleDistance();
        sample(address, bytes);
    }

    @Override
    public void unsafeReallocated(long oldAddress, long newAddress, long bytes) {
        unsafeReallocations.increment();
        if (oldAddress != 0) {
            freeSampled(oldAddress);
        }
        long[] until = bytesUntilSample.get();
        if (until == null) {
            until = new long[] {nextSampleDistance()};
            bytesUntilSample.set(until);
        }
        until[0] -= bytes;
        if (until[0] < 0) {
            until[0] = nextSampleDistance();
            sample(newAddress, bytes);
        }
    }

    @Override
    public void unsafeFreed(long address) {
        freeSampled(address);
    }

    private void sample(long address, long bytes) {
        unsafeSamples.increment();
        long mean = sampleRate.distance();
        sampleRate.sampled();
        // The block would be sampled with probability p = 1 - exp(-size/mean); it stands for size/p bytes.
        double p = -Math.expm1(-(double) Math.max(bytes, 1) / mean);
        long weight = (long) Math.ceil(Math.max(bytes, 1) / p);
        long count = Math.max(1, Math.round(1 / p));
        NativeSite site = siteHere(NativeBridge.UNSAFE);
        site.allocated(count, weight, bytes);
        if (!addresses.put(address, site, bytes, weight)) {
            untracked.increment();
        }
    }

    private void freeSampled(long address) {
        AddressTable.Entry entry = addresses.remove(address);
        if (entry != null) {
            long size = Math.max(entry.size, 1);
            entry.site.released(Math.max(1, Math.round((double) entry.weightBytes / size)), entry.weightBytes);
        }
    }

    private long nextSampleDistance() {
        double u = ThreadLocalRandom.current().nextDouble();
        return Math.max(1, (long) (-Math.log(1 - u) * sampleRate.distance()));
    }

    private NativeSite siteHere(int kind) {
        CallSite here = CallSite.here();
        String key = here.via == null ? NativeBridge.KIND_NAMES[kind] + ' ' + here.frame
                : NativeBridge.KIND_NAMES[kind] + ' ' + here.frame + " via " + here.via;
        NativeSite site = sites.get(key);
        if (site != null) {
            return site;
        }
        if (siteCount.get() >= maxSites) {
            return others[kind];
        }
        site = sites.computeIfAbsent(key, k -> {
            siteCount.incrementAndGet();
            return new NativeSite(kind, here.frame, here.frames, here.via);
        });
        return site;
    }

    /**
     * On the sampling thread: counts owners collected without an explicit release, and threads
     * that ended since the last poll.
     */
    void poll() {
        for (Object reference; (reference = collected.poll()) != null; ) {
            Tracked ref = (Tracked) reference;
            if (tracked.remove(ref) == ref) {
                ref.site.collected(ref.count, ref.bytes);
            } else if (threads.remove(ref) == ref) {
                ref.site.released(ref.count, ref.bytes);
            }
        }
        for (Tracked ref : threads.keySet()) {
            Object thread = ref.get();
            if (!(thread instanceof Thread) || !((Thread) thread).isAlive()) {
                if (threads.remove(ref) == ref) {
                    ref.site.released(ref.count, ref.bytes);
                    ref.clear();
                }
            }
        }
    }

    /** The sites, largest live bytes first, with the non-empty "other" sites last. */
    List<NativeSite> sites() {
        Collection<NativeSite> named = sites.values();
        List<NativeSite> all = new ArrayList<>(named.size() + others.length);
        all.addAll(named);
        all.sort((a, b) -> Long.compare(b.liveBytes(), a.liveBytes()));
        for (NativeSite other : others) {
            if (other.allocatedCount.sum() > 0) {
                all.add(other);
            }
        }
        return all;
    }

    /** The Unsafe sampling mean now in force (above the configured one while throttled). */
    long unsafeSampleMeanBytes() {
        return sampleRate.distance();
    }

    /** Owner allocations now stand for 1 in this many (1: every one is walked and followed). */
    long ownerSampleOneIn() {
        return ownerRate.distance();
    }

    int trackedOwners() {
        return tracked.size() + threads.size();
    }

    /** A weak reference to a tracked owner; equal to another when both refer to the same object. */
    static final class Tracked extends WeakReference<Object> {
        final NativeSite site;
        /** The owners and bytes this one stands for (more than its own while sampling). */
        final long bytes;
        final long count;
        private final int hash;

        Tracked(Object owner, NativeSite site, long bytes, long count, ReferenceQueue<Object> queue) {
            super(owner, queue);
            this.site = site;
            this.bytes = bytes;
            this.count = count;
            this.hash = System.identityHashCode(owner);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Tracked) || ((Tracked) other).hash != hash) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == ((Tracked) other).get();
        }
    }
}
