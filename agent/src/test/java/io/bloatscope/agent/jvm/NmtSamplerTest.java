package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.bloatscope.agent.JsonAssert;
import org.junit.jupiter.api.Test;

/** The agent module's tests run with -XX:NativeMemoryTracking=summary (see agent/pom.xml). */
class NmtSamplerTest {
    @Test
    void samplerInThisJvm() throws Exception {
        DiagnosticCommand commands = DiagnosticCommand.platform();
        assertTrue(commands.has("vmNativeMemory"));
        NmtSampler sampler = NmtSampler.createIfTracking(commands);
        boolean off = NmtMode.current().equals("off");
        if (off) {
            assertEquals(null, sampler);
        }
        assumeFalse(off, "NMT is off in this JVM (agent/pom.xml starts it with"
                + " -XX:NativeMemoryTracking=summary): sampling NMT is not tested");
        long start = System.nanoTime();
        String json = JsonAssert.sampleOnce(sampler);
        long micros = (System.nanoTime() - start) / 1000;
        assertTrue(json.startsWith("{\"nmt\":{\"totalReservedBytes\":"), json);
        assertTrue(JsonAssert.number(json, "totalCommittedBytes") > 10L << 20, json);
        assertTrue(json.contains("{\"name\":\"Java Heap\",\"reservedBytes\":"), json);
        assertTrue(json.contains("\"name\":\"Thread\""), json);
        System.out.println("NMT summary sample took " + micros + " us, " + json.length() + " chars");
    }

    @Test
    void diagnosticCommandReportsFailuresByName() throws Exception {
        DiagnosticCommand commands = DiagnosticCommand.platform();
        try {
            commands.invoke("vmNativeMemory", "no-such-option");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("vmNativeMemory failed: "), e.getMessage());
            return;
        }
        throw new AssertionError("expected a failure");
    }
}
