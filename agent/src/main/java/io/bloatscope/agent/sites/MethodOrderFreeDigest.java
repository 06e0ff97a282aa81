package io.bloatscope.agent.sites;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds a class file to a digest with its methods in a canonical order, so that two JVMs that hand
 * over the same class with its methods listed differently give the same weave-cache key.
 *
 * <p>Why: for a class that was not changed at load time, retransformation hands the transformer a
 * class file HotSpot rebuilds from the loaded class, listing the methods in its internal order,
 * which is sorted by the addresses of the names' symbols. For classes from the CDS archive that
 * order is fixed; for others (e.g. {@code Deflater}) it differs from run to run, while the
 * constant pool, the fields and every method's bytes stay the same. Woven bytes made from one
 * order are as good for the other: redefinition matches methods by name and descriptor.
 *
 * <p>Only the outline is read (constant pool, interfaces, fields, methods, attributes as byte
 * ranges); anything it does not understand falls back to the bytes as given, which is still a
 * correct key, only one that matches less often.
 */
final class MethodOrderFreeDigest {
    private MethodOrderFreeDigest() {
    }

    static void update(MessageDigest digest, byte[] classFile) {
        List<byte[]> methods = new ArrayList<>();
        int[] range;
        try {
            range = methods(classFile, methods);
        } catch (RuntimeException notUnderstood) {
            digest.update(classFile);
            return;
        }
        methods.sort(Arrays::compare);
        digest.update(classFile, 0, range[0]);
        for (byte[] method : methods) {
            digest.update(method);
        }
        digest.update(classFile, range[1], classFile.length - range[1]);
    }

    /**
     * Adds each method_info of the class file to {@code methods}, in file order, and returns where
     * the methods begin (at their count) and end.
     */
    static int[] methods(byte[] classFile, List<byte[]> methods) {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8); // magic, minor and major version
        skipConstantPool(in);
        in.position(in.position() + 6); // access flags, this class, super class
        int interfaces = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + 2 * interfaces);
        int fields = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < fields; i++) {
            skipMember(in); // fields keep their declared order
        }
        int start = in.position();
        int count = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < count; i++) {
            int method = in.position();
            skipMember(in);
            methods.add(Arrays.copyOfRange(classFile, method, in.position()));
        }
        return new int[] {start, in.position()};
    }

    private static void skipConstantPool(ByteBuffer in) {
        int count = Short.toUnsignedInt(in.getShort());
        for (int index = 1; index < count; index++) {
            int tag = in.get();
            switch (tag) {
                case 1 -> { // Utf8: a length, then that many bytes
                    int length = Short.toUnsignedInt(in.getShort());
                    in.position(in.position() + length);
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                case 5, 6 -> { // Long and Double take two entries
                    in.position(in.position() + 8);
                    index++;
                }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
    }

    /** Access flags, name, descriptor, then attributes (name, u4 length, bytes). */
    private static void skipMember(ByteBuffer in) {
        in.position(in.position() + 6);
        int attributes = Short.toUnsignedInt(in.getShort());
        for (int a = 0; a < attributes; a++) {
            in.position(in.position() + 2);
            int length = in.getInt();
            if (length < 0) {
                throw new IllegalArgumentException("attribute length " + length);
            }
            in.position(in.position() + length);
        }
    }
}
