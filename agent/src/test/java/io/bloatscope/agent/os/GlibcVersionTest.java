package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.agent.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlibcVersionTest {
    @Test
    void findsLibcInCapturedMaps() {
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", GlibcVersion.libcPath(Fixtures.text("jdk17/maps.txt")));
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", GlibcVersion.libcPath(Fixtures.text("jdk25/maps.txt")));
    }

    @Test
    void muslHasNoLibc() {
        String maps = "7f1-7f2 r-xp 00000000 08:01 123 /lib/ld-musl-x86_64.so.1\n"
                + "7f3-7f4 r-xp 00000000 08:01 124 /usr/lib/libcrypto.so.3\n";
        assertNull(GlibcVersion.libcPath(maps));
    }

    @Test
    void oldGlibcSaysItsVersionInTheFileName() {
        String maps = "7f1-7f2 r-xp 00000000 08:01 123 /lib/x86_64-linux-gnu/libc-2.31.so\n";
        assertEquals("2.31", GlibcVersion.versionFromFileName(GlibcVersion.libcPath(maps)));
        assertNull(GlibcVersion.versionFromFileName("/usr/lib/x86_64-linux-gnu/libc.so.6"));
    }

    @Test
    void bannerAcrossAChunkBoundary() throws Exception {
        byte[] padding = new byte[64 * 1024 - 20];
        byte[] banner = "GNU C Library (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36.\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[padding.length + banner.length + 1000];
        System.arraycopy(banner, 0, file, padding.length, banner.length);
        assertEquals("2.36", GlibcVersion.versionFromBanner(new ByteArrayInputStream(file)));
        assertNull(GlibcVersion.versionFromBanner(new ByteArrayInputStream(padding)));
    }

    /** Whatever the host: the version the agent reads from libc itself is the one glibc's ldd reports. */
    @Test
    void detectsThisHost() throws Exception {
        String ldd = lddVersion();
        assumeTrue(ldd != null, "no glibc ldd on this host (musl, or ldd absent): glibc detection is not tested live");
        assertEquals(ldd, GlibcVersion.detect());
    }

    /**
     * The last word of the first line of {@code ldd --version} when it is glibc's, e.g. 2.36 in
     * "ldd (Debian GLIBC 2.36-9+deb12u10) 2.36"; null otherwise.
     */
    private static String lddVersion() throws Exception {
        Process ldd;
        try {
            ldd = new ProcessBuilder("ldd", "--version").redirectErrorStream(true).start();
        } catch (IOException absent) {
            return null;
        }
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor();
        String first = output.lines().findFirst().orElse("");
        Matcher version = Pattern.compile("(?i)(?:glibc|gnu libc).*\\s(\\d+\\.\\d+)\\s*$").matcher(first);
        return version.find() ? version.group(1) : null;
    }
}
