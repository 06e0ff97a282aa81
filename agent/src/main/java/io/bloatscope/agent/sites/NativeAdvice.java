package io.bloatscope.agent.sites;

import io.bloatscope.agent.bridge.NativeBridge;
import net.bytebuddy.asm.Advice;

/**
 * The advice inlined into JDK methods that take native memory. Each is a thin static class that
 * hands its arguments to {@link NativeBridge} and nothing else; {@code suppress = Throwable.class}
 * everywhere, so a failure of ours can never change what the JDK method does or throws.
 */
final class NativeAdvice {
    private NativeAdvice() {
    }

    /** {@code ByteBuffer.allocateDirect(int)}: the Unsafe allocation inside is not counted again. */
    static final class AllocateDirect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter() {
            return NativeBridge.enter();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter boolean entered, @Advice.Argument(0) int capacity,
                @Advice.Return Object buffer) {
            if (entered) {
                try {
                    NativeBridge.allocatedInside(NativeBridge.DIRECT, buffer, capacity);
                } finally {
                    NativeBridge.exit();
                }
            }
        }
    }

    /** {@code Inflater(boolean)}, which the other constructor calls: zlib state and window, allocated lazily by zlib. */
    static final class InflaterCreated {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object inflater) {
            NativeBridge.allocated(NativeBridge.INFLATER, inflater, NativeSites.INFLATER_BYTES);
        }
    }

    /** {@code Deflater(int, boolean)}, which the others call: zlib's deflate state for the default window and memory level. */
    static final class DeflaterCreated {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object deflater) {
            NativeBridge.allocated(NativeBridge.DEFLATER, deflater, NativeSites.DEFLATER_BYTES);
        }
    }

    static final class InflaterEnded {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object inflater) {
            NativeBridge.released(NativeBridge.INFLATER, inflater);
        }
    }

    static final class DeflaterEnded {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object deflater) {
            NativeBridge.released(NativeBridge.DEFLATER, deflater);
        }
    }

    /** {@code ZipFile(File, int, Charset)}, which every ZipFile and JarFile constructor reaches. */
    static final class ZipOpened {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object zip) {
            NativeBridge.allocated(NativeBridge.ZIP, zip, 0);
        }
    }

    static final class ZipClosed {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object zip) {
            NativeBridge.released(NativeBridge.ZIP, zip);
        }
    }

    /** {@code Thread.start()} of a platform thread; its stack size is read by the tracker. */
    static final class ThreadStarted {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object thread) {
            NativeBridge.allocated(NativeBridge.THREAD, thread, -1);
        }
    }

    /** {@code FileChannelImpl.map(MapMode, long, long)}: the mapped length. */
    static final class Mapped {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(2) long size, @Advice.Return Object buffer) {
            NativeBridge.allocated(NativeBridge.MMAP, buffer, size);
        }
    }

    static final class UnsafeAllocate {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) long bytes, @Advice.Return long address) {
            NativeBridge.unsafeAllocated(address, bytes);
        }
    }

    static final class UnsafeReallocate {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) long oldAddress, @Advice.Argument(1) long bytes,
                @Advice.Return long address) {
            NativeBridge.unsafeReallocated(oldAddress, address, bytes);
        }
    }

    static final class UnsafeFree {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) long address) {
            NativeBridge.unsafeFreed(address);
        }
    }
}
