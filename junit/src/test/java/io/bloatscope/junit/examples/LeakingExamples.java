package io.bloatscope.junit.examples;

import io.bloatscope.junit.LeakTest;
import io.bloatscope.junit.Resource;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Code that leaks, one resource per test: each test must fail. Run through the testkit only. */
public class LeakingExamples {
    static final List<Object> RETAINED = new ArrayList<>();

    @LeakTest(repetitions = 100, resources = Resource.HEAP)
    void heapLeak() {
        RETAINED.add(new byte[4096]);
    }

    @LeakTest(repetitions = 100, resources = Resource.DIRECT_BUFFERS)
    void directBufferLeak() {
        RETAINED.add(ByteBuffer.allocateDirect(16 * 1024));
    }

    @LeakTest(repetitions = 100, resources = Resource.THREADS)
    void threadLeak() {
        Thread parked = new Thread(() -> LockSupport.park(), "leaked-by-example");
        parked.setDaemon(true);
        parked.start();
    }

    @LeakTest(repetitions = 100, resources = Resource.NATIVE)
    void nativeLeak() throws Exception {
        long address = unsafe().allocateMemory(128 * 1024);
        unsafe().setMemory(address, 128 * 1024, (byte) 1);
    }

    static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
        Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return (sun.misc.Unsafe) field.get(null);
    }
}
