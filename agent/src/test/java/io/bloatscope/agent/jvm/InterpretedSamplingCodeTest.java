package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.text.LineCursor;
import io.bloatscope.format.text.NmtSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterpretedSamplingCodeTest {

    @Test
    void onePatternPerPackage() {
        assertEquals("[{match: [\"io/bloatscope/format/text/*.*\", \"io/bloatscope/agent/jvm/*.*\"], Exclude: true}]",
                InterpretedSamplingCode.directive(List.of(LineCursor.class, NmtSummary.class, TrimProbe.class)));
    }

    @Test
    void theJvmTakesTheDirective() throws Exception {
        DiagnosticCommand commands = DiagnosticCommand.platform();
        assertTrue(InterpretedSamplingCode.apply(commands, List.of(InterpretedSamplingCodeTest.class)));
        String directives = commands.invoke("compilerDirectivesPrint");
        assertTrue(directives.contains("io/bloatscope/agent/jvm/*.*") && directives.contains("Exclude:true"), directives);
    }
}
