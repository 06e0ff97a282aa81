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
        assertCompilation(memory.compilations.get(0), "c2", 93714736, 17366, "Loops0::run(([II)J)");
        assertEquals("ok", memory.compilations.get(0).result);
        assertEquals("c1", memory.compilations.get(3).compiler);
        assertEquals(-1, memory.compilations.get(3).nodes, "C1 prints no node count");
    }

    @Test
    void jdk25WithoutMemstatSaysDisabled() {
        CompilerMemory memory = CompilerMemory.parse(Fixtures.text("jdk25/compiler-memory-disabled.txt"), 5);
        assertFalse(memory.enabled);
        assertTrue(memory.compilations.isEmpty());
    }

    /** The table JDK 22-24 print (first column total, compiler in "type"), as the JDK-8317683 pull request shows it. */
    @Test
    void jdk22TableIsReadByItsColumnNames() {
        CompilerMemory memory = CompilerMemory.parse(Fixtures.text("jdk22-pr/compiler-memory.txt"), 5);
        assertTrue(memory.enabled);
        assertEquals(1, memory.compilations.size());
        assertCompilation(memory.compilations.get(0), "c2", 30273336, 18257,
                "java/lang/ClassLoader.loadClass((Ljava/lang/String;)Ljava/lang/Class;)");
    }

    @Test
    void theLargestRowsAreKeptWhateverTheOrderPrinted() {
        String table = "ctyp total #nodes result method\nc1 100 - ok A::a()\nc2 300 9 ok B::b()\nc2 200 8 ok C::c()\n";
        CompilerMemory memory = CompilerMemory.parse(table, 2);
        assertEquals(java.util.List.of("B::b()", "C::c()"),
                memory.compilations.stream().map(c -> c.method).collect(java.util.stream.Collectors.toList()));
    }

    /**
     * The gate: the command exists from JDK 22 on (17 and 21 have no compiler memory statistics),
     * on the captured operation lists and on the JVM running this test.
     */
    @Test
    void compilerMemoryIsOfferedFromJdk22On() throws Exception {
        assertFalse(Fixtures.text("jdk17/dcmd-operations.txt").contains("compilerMemory"));
        assertTrue(Fixtures.text("jdk25/dcmd-operations.txt").contains("compilerMemory"));
        assertEquals(Runtime.version().feature() >= 22, DiagnosticCommand.platform().has("compilerMemory"));
    }

    private static void assertCompilation(CompilerMemory.Compilation row, String compiler, long totalBytes, long nodes,
            String method) {
        assertEquals(compiler, row.compiler);
        assertEquals(totalBytes, row.totalBytes);
        assertEquals(nodes, row.nodes);
        assertEquals(method, row.method);
    }
}
