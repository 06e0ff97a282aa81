package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FreeChunkPagesTest {
    @Test
    void chunksSmallerThanAPageHoldNoWholePage() {
        assertEquals(0, FreeChunkPages.wholePageBytes(33, 4000, 1000, 2_000_000));
    }

    @Test
    void largeChunksHoldAboutOnePageLessThanTheirSizeEach() {
        // 10 chunks of 64 KiB: each holds 15 whole pages on average at a random offset
        assertEquals(10 * 15 * 4096, FreeChunkPages.wholePageBytes(65536, 65536, 10, 10 * 65536));
    }

    @Test
    void neverNegative() {
        assertEquals(0, FreeChunkPages.wholePageBytes(33, 167665, 100, 100 * 300));
    }
}
