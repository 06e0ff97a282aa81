package io.bloatscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * A test whose body must not leak: it runs {@link #repetitions()} times in a row and fails when
 * the live heap after GC, direct and mapped buffers, live threads, the memory of Netty's pooled
 * allocators (or, when named in {@link #resources()}, native memory) keep growing with the
 * repetitions, or when Netty's own leak detector finds a buffer collected without its release.
 *
 * <pre>
 * &#64;LeakTest(repetitions = 200)
 * void parsesWithoutLeaking() {
 *     try (Parser parser = new Parser()) {
 *         parser.parse(sample);
 *     }
 * }
 * </pre>
 *
 * <p>The first {@link #warmup()} repetitions are not judged (class loading, JIT, caches filling
 * once), and growth that stops before the end (a cache reaching its size) is not a leak: a
 * resource leaks when it grows steadily over the judged repetitions <em>and</em> over their last
 * half, by more than its noise floor (see {@link Resource}). The body runs between one
 * {@code @BeforeEach} and one {@code @AfterEach}; set-up a repetition needs belongs in the body.
 * Leak tests take the global resource lock, so parallel tests cannot disturb the measurement.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(LeakTestExtension.class)
@ResourceLock(Resources.GLOBAL)
public @interface LeakTest {

    /** How often the body runs; at least 20. */
    int repetitions() default 100;

    /** Repetitions not judged at the start; -1 means a fifth of them, at least 5. */
    int warmup() default -1;

    /**
     * What is measured and judged. {@link Resource#NATIVE} is not judged unless named: the JIT's
     * own memory (compiler arenas, which HotSpot pools and frees seconds later) moves native
     * memory by megabytes while it compiles the code under test, at times over a dozen
     * measurements in a row, which made sound code fail now and then.
     */
    Resource[] resources() default {Resource.HEAP, Resource.DIRECT_BUFFERS, Resource.THREADS, Resource.NETTY_POOLED};

    /**
     * When Netty's buffers are on the test's class path: run the test with Netty's leak detection
     * at {@code PARANOID} and fail with its records of every buffer collected unreleased. Off
     * only for a test that must run at Netty's configured level (paranoid records a stack trace
     * at every access of every buffer, which slows buffer-heavy bodies several times).
     */
    boolean nettyLeakDetection() default true;
}
