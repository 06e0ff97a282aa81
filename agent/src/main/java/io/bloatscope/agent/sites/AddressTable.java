package io.bloatscope.agent.sites;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sampled Unsafe blocks by address, so that {@code freeMemory(address)} can be credited to the
 * site that allocated the block. A fixed-size open-addressing table: lock-free, never grows,
 * probes at most {@value #MAX_PROBES} slots; when those are taken the sample is dropped (and
 * counted), so memory stays bounded however many blocks are live.
 *
 * <p>A slot's key goes 0 (empty) → {@link #CLAIMED} (values being written) → address (visible) →
 * {@link #FREE} (removed, reusable). Readers only trust a slot whose key equals the address.
 */
final class AddressTable {
    private static final int MAX_PROBES = 16;
    private static final long CLAIMED = -2;
    private static final long FREE = -1;

    private final AtomicLongArray keys;
    private final NativeSite[] sites;
    private final long[] sizes;
    private final long[] weightBytes;
    private final int mask;
    /**
     * How many entries hash to each filter cell: a free of an unsampled block (almost every free)
     * reads one byte of this small, cache-resident array instead of a random slot of the table.
     * Written only under sampling (rare); read without fences: a free that races its own
     * allocation is a bug of the application anyway.
     */
    private final byte[] filter = new byte[FILTER_CELLS];
    private static final int FILTER_CELLS = 1 << 14;

    /** A removed entry: the site and the block's estimated share of its counters. */
    static final class Entry {
        final NativeSite site;
        final long size;
        final long weightBytes;

        Entry(NativeSite site, long size, long weightBytes) {
            this.site = site;
            this.size = size;
            this.weightBytes = weightBytes;
        }
    }

    AddressTable(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        keys = new AtomicLongArray(capacityPowerOfTwo);
        sites = new NativeSite[capacityPowerOfTwo];
        sizes = new long[capacityPowerOfTwo];
        weightBytes = new long[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    /** False when no slot was free within the probe limit. */
    boolean put(long address, NativeSite site, long size, long weight) {
        int start = slot(address);
        for (int i = 0; i < MAX_PROBES; i++) {
            int index = (start + i) & mask;
            long key = keys.get(index);
            if ((key == 0 || key == FREE) && keys.compareAndSet(index, key, CLAIMED)) {
                sites[index] = site;
                sizes[index] = size;
                weightBytes[index] = weight;
                keys.set(index, address); // volatile write publishes the values
                adjustFilter(address, 1);
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the entry for the address, or null when it was not sampled. */
    Entry remove(long address) {
        if (filter[filterCell(address)] == 0) {
            return null;
        }
        int start = slot(address);
        for (int i = 0; i < MAX_PROBES; i++) {
            int index = (start + i) & mask;
            long key = keys.get(index);
            if (key == address) {
                Entry entry = new Entry(sites[index], sizes[index], weightBytes[index]);
                if (keys.compareAndSet(index, address, CLAIMED)) {
                    sites[index] = null;
                    keys.set(index, FREE);
                    adjustFilter(address, -1);
                    return entry;
                }
                return null;
            }
            if (key == 0) {
                return null;
            }
        }
        return null;
    }

    /** Saturates at 127, after which the cell stays "maybe" (it only costs a table probe). */
    private synchronized void adjustFilter(long address, int delta) {
        int cell = filterCell(address);
        int count = filter[cell];
        if (count < Byte.MAX_VALUE) {
            filter[cell] = (byte) Math.max(0, count + delta);
        }
    }

    private static int filterCell(long address) {
        return (int) ((address * 0xC2B2AE3D27D4EB4FL) >>> 50);
    }

    private int slot(long address) {
        long h = address * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
