package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MappedAllocatorTest {
    private static final String GLIBC_MAPS = ""
            + "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234 /usr/lib/jvm/java-17/bin/java\n"
            + "7f1c2c000000-7f1c2c021000 rw-p 00000000 00:00 0 \n"
            + "7f1c30000000-7f1c30028000 r--p 00000000 08:01 2345 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
            + "7f1c30400000-7f1c30500000 r-xp 00000000 08:01 3456 /usr/lib/jvm/java-17/lib/server/libjvm.so\n"
            + "7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]\n";

    private static String with(String library) {
        return GLIBC_MAPS + "7f1c31000000-7f1c31100000 r-xp 00000000 08:01 4567 " + library + "\n";
    }

    private static String describe(MappedAllocator a) {
        return a.name + " " + a.library + " " + a.source;
    }

    @Test
    void glibcWhenNoOtherAllocatorIsMapped() {
        assertEquals("glibc null default", describe(MappedAllocator.from(GLIBC_MAPS, null, "2.36")));
    }

    @Test
    void aMappedAllocatorIsNamedWithItsPath() {
        assertEquals("jemalloc /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 maps",
                describe(MappedAllocator.from(with("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"), null, "2.36")));
        assertEquals("tcmalloc /usr/lib/libtcmalloc_minimal.so.4 maps",
                describe(MappedAllocator.from(with("/usr/lib/libtcmalloc_minimal.so.4"), null, "2.36")));
        assertEquals("mimalloc /opt/lib/libmimalloc.so.2.1 maps",
                describe(MappedAllocator.from(with("/opt/lib/libmimalloc.so.2.1"), null, "2.36")));
        assertEquals("musl /lib/ld-musl-x86_64.so.1 maps",
                describe(MappedAllocator.from(with("/lib/ld-musl-x86_64.so.1"), null, null)));
    }

    @Test
    void aDirectoryNamedLikeAnAllocatorIsNotAnAllocator() {
        assertEquals("glibc null default",
                describe(MappedAllocator.from(with("/opt/libjemalloc-build/lib/libz.so.1"), null, "2.36")));
    }

    @Test
    void mappedLibrariesAreTheEvidenceAndLdPreloadOnlyTheFallback() {
        // Maps read, nothing mapped: a preloaded name that was not loaded does not count.
        assertEquals("glibc null default",
                describe(MappedAllocator.from(GLIBC_MAPS, "/missing/libjemalloc.so.2", "2.36")));
        assertEquals("jemalloc /usr/lib/libjemalloc.so.2 ldPreload",
                describe(MappedAllocator.from(null, "/usr/lib/libfoo.so /usr/lib/libjemalloc.so.2", "2.36")));
        assertEquals("unknown null default", describe(MappedAllocator.from(null, null, null)));
    }

    @Test
    void theRealProcessIsDescribed() {
        MappedAllocator here = MappedAllocator.detect(MappedFiles.read(), GlibcVersion.detect());
        if (System.getenv("LD_PRELOAD") == null) {
            assertEquals(GlibcVersion.detect() != null ? "glibc" : "unknown", here.name);
            assertNull(here.library);
        }
    }
}
