package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.Fixtures;
import org.junit.jupiter.api.Test;

class CompilerMemoryTest {
    @Test
    void jdk25CaptureNamesTheLargestCompilationsFirst() {
        CompilerMemory memory = CompilerMemory.parse(Fixtures.text("jdk25/compiler-memory.txt"), 5);
        assertTrue(memory.enabled);
        assertEquals(5, memory.compilations.size());
        CompilerMemory.Compilation top = memory.compilations.get(0);
        assertEquals("c2", top.compiler);
        assertEquals(93714736, top.totalBytes);
        assertEquals(17366, top.nodes);
        assertEquals("ok", top.result);
        assertEquals("Loops0::run(([II)J)", top.method);
        assertEquals("c1", memory.compilations.get(3).compiler);
        assertEquals(-1, memory.compilations.get(3).nodes, "C1 prints no node count");
    }

    @Test
    void jdk25WithoutMemstatSaysDisabled() {
        CompilerMemory memory = CompilerMemory.parse(Fixtures.text("jdk25/compiler-memory-disabled.txt"), 5);
        assertFalse(memory.enabled);
        assertTrue(memory.compilations.isEmpty());
    }
}
