package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChargedMemoryTest {

    @Test
    void anOptionLimitIsHeldAgainstRss() throws Exception {
        ChargedMemory memory = ChargedMemory.create(512L << 20);
        try {
            assertEquals(512L << 20, memory.limitBytes());
            assertEquals("memoryLimit", memory.limitSource());
            assertEquals(ChargedMemory.RSS, memory.figure());
            assertTrue(memory.usageBytes() > 1 << 20, "this JVM's RSS");
        } finally {
            memory.close();
        }
    }
}
