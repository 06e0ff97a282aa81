package io.bloatscope.testapps;

import java.lang.reflect.Field;

/**
 * Raw malloc'd memory through {@code sun.misc.Unsafe}, the way libraries (Netty, older caches) do it:
 * the JVM passes the call to {@code os::malloc} under NMT category "Other", so NMT sees these bytes
 * but no Java memory pool does. On JDK 24+ the first call prints a deprecation warning to stderr
 * unless the JVM runs with {@code --sun-misc-unsafe-memory-access=allow}.
 */
final class NativeMemory {
    private static final sun.misc.Unsafe UNSAFE = theUnsafe();

    private NativeMemory() {
    }

    /** Allocates {@code bytes} and writes every byte so the pages are resident, not just reserved. */
    static long allocateTouched(long bytes) {
        long address = UNSAFE.allocateMemory(bytes);
        UNSAFE.setMemory(address, bytes, (byte) 0x5A);
        return address;
    }

    /** A block as a malloc storm takes it: not written, so only malloc's bookkeeping is touched. */
    static long allocate(long bytes) {
        return UNSAFE.allocateMemory(bytes);
    }

    static void free(long address) {
        UNSAFE.freeMemory(address);
    }

    private static sun.misc.Unsafe theUnsafe() {
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
