package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.bloatscope.junit.examples.LeakingExamples;
import io.bloatscope.junit.examples.SoundExamples;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs the example leak tests through the JUnit platform, as a build would, and checks what a
 * test author sees: leaking code fails with a message naming the resource, its growth and the
 * series; sound code passes, again and again.
 */
class LeakTestExtensionTest {

    private static Events run(Class<?> type, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(type, method)).execute().testEvents();
    }

    @ParameterizedTest
    @CsvSource({
        "heapLeak, live heap after GC grows",
        "directBufferLeak, direct and mapped buffer memory grows",
        "threadLeak, live threads grows",
        "nativeLeak, native memory grows",
    })
    void leakingCodeFailsNamingTheResourceAndItsGrowth(String method, String expected) {
        Events events = run(LeakingExamples.class, method);
        assertEquals(1, events.failed().count(), method + " must fail");
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        String message = failure.getMessage();
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("per repetition") && message.contains("measured after GC at repetitions"), message);
        if (method.equals("nativeLeak")) {
            // The build runs these tests once without NMT and once with it: each run uses its source.
            boolean nmt = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(flag -> flag.startsWith("-XX:NativeMemoryTracking=summary"));
            assertEquals(nmt, message.contains("NMT committed minus Java heap and the JIT's"), message);
        }
    }

    @Test
    void soundCodePassesTenTimesInARow() {
        for (int round = 0; round < 10; round++) {
            Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SoundExamples.class))
                    .execute().testEvents();
            List<String> failures = events.failed().stream().map(LeakTestExtensionTest::describe)
                    .collect(Collectors.toList());
            assertEquals(List.of(), failures, "round " + round);
            assertEquals(5, events.succeeded().count(), "round " + round);
        }
    }

    @Test
    void tooFewRepetitionsIsAConfigurationError() {
        Events events = run(BadConfiguration.class, "tooShort");
        String message = events.failed().stream().findFirst().map(LeakTestExtensionTest::describe).orElse("");
        assertTrue(message.contains("repetitions >= 20"), message);
    }

    private static String describe(Event event) {
        return event.getTestDescriptor().getDisplayName() + ": " + event
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).orElse("?");
    }

    static class BadConfiguration {
        @LeakTest(repetitions = 5)
        void tooShort() {
        }
    }
}
