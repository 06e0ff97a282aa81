package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the jemalloc sampler is created; reading real statistics is JemallocStatsIT's (JDK 22+). */
class JemallocSamplerTest {
    private static final MappedAllocator JEMALLOC = MappedAllocator.from(
            "7f1c31000000-7f1c31100000 r-xp 00000000 08:01 4567 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n", null,
            "2.36");
    private static final MappedAllocator GLIBC = MappedAllocator.from("", null, "2.36");

    @Test
    void onlyTheFlagForTheUnnamedModuleGrantsNativeAccess() {
        assertTrue(JemallocSampler.grantsUnnamed(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED")));
        assertTrue(JemallocSampler.grantsUnnamed(List.of("--enable-native-access=com.example.app,ALL-UNNAMED")));
        assertFalse(JemallocSampler.grantsUnnamed(List.of("--enable-native-access=com.example.app")));
        assertFalse(JemallocSampler.grantsUnnamed(List.of("-Dx=--enable-native-access=ALL-UNNAMED")));
        assertFalse(JemallocSampler.grantsUnnamed(List.of()));
    }

    @Test
    void noSamplerWhenOffOrNotJemalloc() throws Exception {
        assertTrue("jemalloc".equals(JEMALLOC.name));
        assertNull(JemallocSampler.createIfReadable("off", JEMALLOC));
        assertNull(JemallocSampler.createIfReadable("on", GLIBC));
        assertNull(JemallocSampler.createIfReadable("auto", GLIBC));
    }

    @Test
    void noSamplerBeforeJdk22EvenWhenAskedFor() throws Exception {
        if (Runtime.version().feature() < 22) {
            assertNull(JemallocSampler.createIfReadable("on", JEMALLOC));
        }
    }
}
