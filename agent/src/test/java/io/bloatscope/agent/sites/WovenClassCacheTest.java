package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WovenClassCacheTest {
    private static final byte[] ORIGINAL = "original class bytes".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WOVEN = "woven class bytes".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void aClassWrittenByOneJvmIsReadByTheNext() {
        Path dir = temp.resolve("made/by/the/agent");
        WovenClassCache first = WovenClassCache.open(dir.toString());
        assertNotNull(first, "creates a missing directory");
        String key = WovenClassCache.key("build-1", "direct+unsafe", "java/lang/Thread", ORIGINAL);
        assertNull(first.read(key));
        first.write(key, WOVEN);
        first.write(WovenClassCache.key("build-1", "direct+unsafe", "java/nio/ByteBuffer", ORIGINAL), new byte[0]);

        WovenClassCache next = WovenClassCache.open(dir.toString());
        assertArrayEquals(WOVEN, next.read(key));
        assertArrayEquals(new byte[0], next.read(WovenClassCache.key("build-1", "direct+unsafe", "java/nio/ByteBuffer",
                ORIGINAL)), "an empty payload: the advice changed nothing");
        assertTrue(key.startsWith("java.lang.Thread-") && key.endsWith(".woven"), key);
    }

    @Test
    void anotherBuildKindsClassOrJdkNeverMatches() {
        String key = WovenClassCache.key("build-1", "direct", "java/lang/Thread", ORIGINAL);
        assertEquals(key, WovenClassCache.key("build-1", "direct", "java/lang/Thread", ORIGINAL.clone()));
        assertNotEquals(key, WovenClassCache.key("build-2", "direct", "java/lang/Thread", ORIGINAL));
        assertNotEquals(key, WovenClassCache.key("build-1", "direct+threads", "java/lang/Thread", ORIGINAL));
        byte[] otherJdk = ORIGINAL.clone();
        otherJdk[0]++;
        assertNotEquals(key, WovenClassCache.key("build-1", "direct", "java/lang/Thread", otherJdk));
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(WovenClassCache.open(shared.toString()));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotNull(WovenClassCache.open(shared.toString()), "readable by others is fine, writable is not");
    }

    @Test
    void aLinkedDirectoryIsNotUsed() throws Exception {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);
        assertNull(WovenClassCache.open(link.toString()));
        assertNull(WovenClassCache.open("off"));
    }

    @Test
    void aTamperedOrForeignFileIsIgnored() throws Exception {
        WovenClassCache cache = WovenClassCache.open(temp.resolve("cache").toString());
        String key = WovenClassCache.key("b", "k", "java/lang/Thread", ORIGINAL);
        cache.write(key, WOVEN);
        Path file = cache.dir().resolve(key);

        byte[] content = Files.readAllBytes(file);
        content[content.length - 1] ^= 1;
        Files.write(file, content);
        assertNull(cache.read(key), "content that does not match its digest");

        cache.write(key, WOVEN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertNull(cache.read(key), "a file others can write");

        Files.delete(file);
        Path elsewhere = Files.write(temp.resolve("elsewhere"), WOVEN);
        Files.createSymbolicLink(file, elsewhere);
        assertNull(cache.read(key), "a link");
    }

    @Test
    void keepsAtMostMaxFilesRemovingTheOldest() throws Exception {
        WovenClassCache cache = WovenClassCache.open(temp.resolve("cache").toString());
        String oldest = WovenClassCache.key("b", "k", "Oldest", ORIGINAL);
        cache.write(oldest, WOVEN);
        Files.setLastModifiedTime(cache.dir().resolve(oldest), java.nio.file.attribute.FileTime.fromMillis(1000));
        for (int i = 0; i < WovenClassCache.MAX_FILES; i++) {
            cache.write(WovenClassCache.key("b", "k", "C" + i, ORIGINAL), WOVEN);
        }
        try (var files = Files.list(cache.dir())) {
            assertEquals(WovenClassCache.MAX_FILES, files.count(), "no temporary files left either");
        }
        assertNull(cache.read(oldest));
    }

    @Test
    void onlyItsOwnersAndRootsDirectoriesAreTrusted() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("owned"));
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        org.junit.jupiter.api.Assumptions.assumeTrue(owner == 0, "needs root, to hand a directory to another uid");
        assertNull(WovenClassCache.distrust(dir, 4242, true), "root's directory, for a process of uid 4242");
        Files.setAttribute(dir, "unix:uid", 12345);
        String refusal = WovenClassCache.distrust(dir, 4242, true);
        assertTrue(refusal != null && refusal.contains("owned by uid 12345"), refusal);
        assertNull(WovenClassCache.distrust(dir, 12345, true), "its owner's");
    }
}
