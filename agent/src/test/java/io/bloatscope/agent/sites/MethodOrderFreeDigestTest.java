package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodOrderFreeDigestTest {

    @Test
    void theSameClassWithItsMethodsInAnotherOrderDigestsTheSame() throws Exception {
        byte[] deflater = jdkClass("java/util/zip/Deflater");
        List<byte[]> methods = new ArrayList<>();
        int[] range = MethodOrderFreeDigest.methods(deflater, methods);
        assertTrue(methods.size() > 20, "Deflater's methods: " + methods.size());
        Collections.reverse(methods);
        byte[] reordered = withMethods(deflater, range, methods);
        assertFalse(Arrays.equals(deflater, reordered));
        assertArrayEquals(digest(deflater), digest(reordered));
    }

    @Test
    void anyOtherDifferenceChangesTheDigest() throws Exception {
        byte[] deflater = jdkClass("java/util/zip/Deflater");
        List<byte[]> methods = new ArrayList<>();
        int[] range = MethodOrderFreeDigest.methods(deflater, methods);
        byte[] last = methods.get(methods.size() - 1);
        last[last.length - 1] ^= 1; // a byte of the last method's last attribute
        assertFalse(Arrays.equals(digest(deflater), digest(withMethods(deflater, range, methods))));
    }

    @Test
    void bytesItCannotReadAreDigestedAsGiven() throws Exception {
        byte[] notAClass = "not a class file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(notAClass), digest(notAClass));
        byte[] truncated = Arrays.copyOf(jdkClass("java/lang/Thread"), 3000);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(truncated), digest(truncated));
    }

    private static byte[] digest(byte[] classFile) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        MethodOrderFreeDigest.update(sha, classFile);
        return sha.digest();
    }

    private static byte[] withMethods(byte[] classFile, int[] range, List<byte[]> methods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(classFile, 0, range[0] + 2); // up to and including the method count
        methods.forEach(out::writeBytes);
        out.write(classFile, range[1], classFile.length - range[1]);
        byte[] bytes = out.toByteArray();
        assertEquals(classFile.length, bytes.length);
        return bytes;
    }

    private static byte[] jdkClass(String name) throws Exception {
        try (InputStream in = Object.class.getResourceAsStream("/" + name + ".class")) {
            return in.readAllBytes();
        }
    }
}
