package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.bloatscope.junit.examples.NettyExamples;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * With Netty's buffers on the class path, a leak test runs under Netty's own leak detection and
 * measures Netty's pool: what a test author sees when a test drops pooled buffers unreleased,
 * releases them all, or holds them so the pool grows.
 */
class NettyLeakDetectionTest {

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(NettyExamples.class, method))
                .execute().testEvents();
    }

    private static String failureOf(Events events) {
        return events.failed().stream().findFirst()
                .flatMap(event -> event.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
    }

    @Test
    void droppingEveryThirdPooledBufferFailsWithNettysRecordOfTheLeakingMethod() throws Exception {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        Events events = run("leaksEveryThirdBuffer");
        String message = failureOf(events);
        assertEquals(1, events.failed().count(), "a test leaking every third buffer must fail");
        assertTrue(message.contains("Netty's leak detector (PARANOID during the test) found"), message);
        assertTrue(message.contains("leaked ByteBufs"), message);
        // Where it was allocated, in the test's own code, as Netty recorded it.
        assertTrue(message.contains("Created at:"), message);
        assertTrue(message.contains("io.bloatscope.junit.examples.NettyExamples.leaksEveryThirdBuffer(NettyExamples.java:"),
                message);
        // The test framework's frames below the test are cut, so the 66 leaks from one line are one record.
        assertFalse(message.contains("org.junit.") || message.contains("reflect."), message);
        assertTrue(message.contains("found 66 leaked ByteBufs") && message.contains("Its record:"), message);
        assertEquals(before, ResourceLeakDetector.getLevel(), "Netty's level is put back after the test");
        assertNull(listener(), "Netty's listener is put back after the test");
    }

    @Test
    void releasingEveryPooledBufferPasses() {
        Events events = run("releasesEveryBuffer");
        assertEquals(0, events.failed().count(), failureOf(events));
        assertEquals(1, events.succeeded().count());
    }

    @Test
    void aBufferLeakedBeforeTheTestIsNotTheTestsLeak() {
        ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeByte(1); // tracked, dropped unreleased
        } finally {
            ResourceLeakDetector.setLevel(before);
        }
        Events events = run("releasesEveryBuffer");
        assertEquals(0, events.failed().count(), failureOf(events));
    }

    @Test
    void aGrowingPoolIsNamedAsTheResourceThatGrows() {
        Events events = run("holdsBuffersSoThePoolGrows");
        String message = failureOf(events);
        assertEquals(1, events.failed().count(), "a test whose pool grows a chunk per repetition must fail");
        assertTrue(message.contains("Netty pooled allocator memory grows 4.0 MB per repetition"), message);
        assertFalse(message.contains("Netty's leak detector"), "held buffers are not leaks Netty reports: " + message);
    }

    @Test
    void leaksGoOnToTheListenerTheTestsCodeHadSet() throws Exception {
        StringBuilder seen = new StringBuilder();
        Object detector = detector();
        ((ResourceLeakDetector<?>) detector).setLeakListener((type, records) -> seen.append(type));
        try {
            run("leaksEveryThirdBuffer");
            assertTrue(seen.toString().startsWith("ByteBuf"), "the earlier listener hears the leaks too: " + seen);
            assertTrue(listener() != null, "and is set again afterwards");
        } finally {
            ((ResourceLeakDetector<?>) detector).setLeakListener(null);
        }
    }

    @Test
    void recordsAreCutAfterTheCodeThatCalledNetty() {
        String record = "Recent access records: \n#1:\n\tio.netty.buffer.AdvancedLeakAwareByteBuf.writeBytes(A.java:1)\n"
                + "\tapp.Service.handle(Service.java:10)\n\tapp.Main.a(Main.java:1)\n\tapp.Main.b(Main.java:2)\n"
                + "\tapp.Main.c(Main.java:3)\n\tapp.Main.d(Main.java:4)\n\tapp.Main.e(Main.java:5)\n"
                + "Created at:\n\tio.netty.buffer.PooledByteBufAllocator.newDirectBuffer(P.java:1)\n"
                + "\tapp.Service.allocate(Service.java:20)\n"
                + "\tjava.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(D.java:103)\n"
                + "\torg.junit.platform.commons.util.ReflectionUtils.invokeMethod(R.java:1)\n";
        assertEquals("Recent access records:\n#1:\n\tio.netty.buffer.AdvancedLeakAwareByteBuf.writeBytes(A.java:1)\n"
                + "\tapp.Service.handle(Service.java:10)\n\tapp.Main.a(Main.java:1)\n\tapp.Main.b(Main.java:2)\n"
                + "\tapp.Main.c(Main.java:3)\n\t...\n"
                + "Created at:\n\tio.netty.buffer.PooledByteBufAllocator.newDirectBuffer(P.java:1)\n"
                + "\tapp.Service.allocate(Service.java:20)\n\t...", NettyLeaks.trim(record));
    }

    private static Object detector() throws ReflectiveOperationException {
        Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
        field.setAccessible(true);
        return field.get(null);
    }

    private static Object listener() throws ReflectiveOperationException {
        Field field = ResourceLeakDetector.class.getDeclaredField("leakListener");
        field.setAccessible(true);
        return field.get(detector());
    }
}
