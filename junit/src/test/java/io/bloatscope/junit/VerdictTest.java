package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The judge on series measured in real runs, and on leaks with the noise real runs have. */
class VerdictTest {
    private static final double MB = 1 << 20;

    /** Repetitions 20, 23, ..., 98: where a 100-repetition test with 20 warm-up ones measures. */
    private static double[] repetitions(int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = 20 + 3 * i;
        }
        return x;
    }

    private static double[] megabytes(double... values) {
        double[] bytes = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i] * MB;
        }
        return bytes;
    }

    private static Verdict nativeSeries(double... megabytes) {
        return Verdict.judge(Resource.NATIVE, repetitions(megabytes.length), megabytes(megabytes));
    }

    /**
     * SoundExamples.jacksonChurn in CI on JDK 17, without NMT, after a malloc trim: the JIT's
     * compilations raised native memory by 9 MB mid-test, which then fell back and stayed flat.
     */
    @Test
    void aStepMidTestThatStopsIsNotALeak() {
        Verdict verdict = nativeSeries(31.2, 31.1, 31.1, 31.1, 31.2, 31.2, 31.2, 31.2, 31.2, 31.2, 31.2, 31.2, 31.2, 31.2,
                31.2, 31.2, 31.3, 32.4, 34.4, 35.5, 37.0, 40.7, 40.5, 38.2, 38.1, 38.1, 38.2);
        assertFalse(verdict.leaks, verdict.message);
    }

    /** The same test in a local run: a jump early, flat, then jumps near the end. */
    @Test
    void jumpsEarlyAndLateAreNotALeak() {
        Verdict verdict = nativeSeries(16.4, 16.4, 19.2, 21.7, 23.8, 27.9, 25.5, 25.5, 25.5, 25.5, 25.5, 25.5, 25.6, 25.6,
                25.6, 25.6, 25.6, 25.6, 25.6, 25.6, 26.5, 27.9, 28.9, 31.2, 34.6, 31.3, 31.0);
        assertFalse(verdict.leaks, verdict.message);
    }

    /**
     * LeakingExamples.nativeLeak (128 KB per repetition) in a JVM that had run other tests: near
     * the end the JVM freed 12 MB of its own (the JIT's chunk pool), which the trim gave back.
     */
    @Test
    void aLeakStillFailsWhenTheJvmFreesMegabytesOfItsOwnMidTest() {
        Verdict verdict = nativeSeries(20.7, 21.1, 21.5, 21.9, 22.3, 22.7, 23.0, 23.4, 23.8, 24.2, 24.5, 24.9, 25.3, 25.7,
                26.1, 26.4, 26.8, 27.2, 27.6, 27.9, 28.3, 28.7, 29.1, 29.4, 29.8, 17.4, 17.8);
        assertTrue(verdict.leaks, verdict.message);
    }

    /** A series of 27 measurements at {@link #repetitions}, the i-th one {@code valueAt(i, repetition)}. */
    private static Verdict judge(Resource resource, IntFunction<DoubleUnaryOperator> valueAt) {
        double[] x = repetitions(27);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = valueAt.apply(i).applyAsDouble(x[i]);
        }
        return Verdict.judge(resource, x, y);
    }

    @Test
    void aSteadyLeakUnderNoiseFailsEveryTime() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            // 100 KB per repetition under +-256 KB of noise (more than flat series show after a trim)
            Verdict verdict = judge(Resource.NATIVE,
                    i -> repetition -> 30 * MB + repetition * 100 * 1024 + (random.nextDouble() * 2 - 1) * 256 * 1024);
            assertTrue(verdict.leaks, "trial " + trial + ": " + verdict.message);
        }
    }

    @Test
    void aLeakThatOnlyStartsLateStillFails() {
        Verdict verdict = judge(Resource.NATIVE, i -> repetition -> 30 * MB + Math.max(0, i - 8) * 1.0 * MB);
        assertTrue(verdict.leaks, verdict.message);
    }

    @Test
    void aCacheThatFillsAndStopsIsNotALeak() {
        Verdict verdict = judge(Resource.HEAP, i -> repetition -> Math.min(i, 14) * 64 * 1024.0);
        assertFalse(verdict.leaks, verdict.message);
    }
}
