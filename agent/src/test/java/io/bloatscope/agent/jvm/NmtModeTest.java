package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmtModeTest {
    @Test
    void modeFromCommandLine() {
        assertEquals("off", NmtMode.fromInputArguments(List.of("-Xmx1g")));
        assertEquals("detail", NmtMode.fromInputArguments(
                List.of("-XX:NativeMemoryTracking=summary", "-XX:NativeMemoryTracking=detail")));
        assertTrue(List.of("off", "summary", "detail").contains(NmtMode.current()));
    }
}
