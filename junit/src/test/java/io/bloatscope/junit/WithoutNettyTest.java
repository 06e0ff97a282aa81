package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.bloatscope.junit.examples.LeakingExamples;
import io.bloatscope.junit.examples.SoundExamples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Without Netty on the class path the extension behaves as before Netty support: same verdicts,
 * nothing about Netty in its messages, nothing measured of a pool. The build runs this class in
 * an execution of its own whose class path leaves Netty out (junit/pom.xml, "without-netty"),
 * which sets {@code bloatscope.withoutNetty}; anywhere else it is skipped.
 */
class WithoutNettyTest {

    @BeforeEach
    void onlyWhereTheBuildLeftNettyOut() {
        assumeTrue(Boolean.getBoolean("bloatscope.withoutNetty"), "runs in the build's without-netty execution");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.buffer.ByteBuf"),
                "the without-netty execution must not have Netty on its class path");
    }

    @Test
    void neitherNettysDetectorNorItsPoolIsThere() {
        ClassLoader loader = getClass().getClassLoader();
        assertFalse(NettyLeaks.start(loader).active());
        assertFalse(PooledMemory.find(loader).present());
        assertTrue(Double.isNaN(PooledMemory.find(loader).usedBytes()));
    }

    @Test
    void leakingCodeFailsAsBeforeWithoutMentioningNetty() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LeakingExamples.class, "directBufferLeak")).execute().testEvents();
        assertEquals(1, events.failed().count());
        String message = events.failed().stream().findFirst().flatMap(e -> e.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
        assertTrue(message.contains("direct and mapped buffer memory grows"), message);
        assertFalse(message.contains("Netty"), message);
    }

    @Test
    void soundCodePasses() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SoundExamples.class))
                .execute().testEvents();
        assertEquals(0, events.failed().count());
        assertEquals(5, events.succeeded().count());
    }
}
