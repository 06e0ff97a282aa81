package io.bloatscope.report.read;

/**
 * Estimates from glibc's free-chunk size histogram how many free bytes lie in whole pages, which is
 * what {@code malloc_trim} can hand back with {@code MADV_DONTNEED}: a free chunk of {@code s}
 * bytes at a random page offset contains on average {@code s/page − 1} whole pages, so a bucket of
 * {@code count} chunks totalling {@code total} bytes holds about {@code total − count × page}
 * bytes of whole pages (none when its chunks are smaller than a page). Chunks pinned between small
 * live blocks are small, so fragmentation shows up here as "free but not trimmable".
 */
final class FreeChunkPages {
    static final long PAGE_BYTES = 4096;

    private FreeChunkPages() {
    }

    static long wholePageBytes(long fromBytes, long toBytes, long count, long totalBytes) {
        if (toBytes < PAGE_BYTES || count <= 0) {
            return 0;
        }
        return Math.max(0, totalBytes - count * PAGE_BYTES);
    }
}
