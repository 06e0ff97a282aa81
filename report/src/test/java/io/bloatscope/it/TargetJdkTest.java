package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The version matrix never shrinks unseen: where the second JDK is not installed, every test on it
 * is skipped with a message (JUnit counts it as skipped) instead of not being run at all.
 */
class TargetJdkTest {
    @Test
    void theMatrixAlwaysListsTwoJdksTheFirstBeingTheOneRunningTheTests() {
        assertEquals(2, TargetJdk.all().size());
        assertEquals(Runtime.version().feature(), TargetJdk.all().get(0).feature);
        TargetJdk second = TargetJdk.all().get(1);
        assertTrue(second == TargetJdk.MISSING || second.feature != Runtime.version().feature(), second.toString());
    }

    @Test
    void aTestOnAMissingJdkIsSkippedSayingWhereWeLooked() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> ForkedApp.app("SteadyState").on(TargetJdk.MISSING));
        assertTrue(skipped.getMessage().contains("no second JDK under /usr/lib/jvm"), skipped.getMessage());
        assertThrows(TestAbortedException.class, TargetJdk.MISSING::java);
        assertEquals("second JDK (not installed)", TargetJdk.MISSING.toString());
    }
}
