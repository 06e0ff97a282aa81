package io.bloatscope.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class DiagnosticCommandTest {

    /**
     * The agent names commands itself when it runs them through the MBean's native entry points;
     * the names must be the MBean's own, or {@code has("vmNativeMemory")} would miss on some JDK.
     * The MBean's description keeps each operation's command in its {@code dcmd.name} field.
     */
    @Test
    void namesEveryCommandOfThisJvmAsTheMBeanDoes() throws Exception {
        MBeanOperationInfo[] operations = ManagementFactory.getPlatformMBeanServer()
                .getMBeanInfo(new ObjectName(DiagnosticCommand.MBEAN_NAME)).getOperations();
        assertTrue(operations.length > 10, "the JVM lists its diagnostic commands");
        for (MBeanOperationInfo operation : operations) {
            String command = (String) operation.getDescriptor().getFieldValue("dcmd.name");
            assertEquals(operation.getName(), DiagnosticCommand.operationName(command), command);
        }
        assertEquals("vmNativeMemory", DiagnosticCommand.operationName("VM.native_memory"));
        assertEquals("gcClassHistogram", DiagnosticCommand.operationName("GC.class_histogram"));
    }

    @Test
    void aMissingCommandOrABadArgumentIsOneExceptionNamingTheOperation() throws Exception {
        DiagnosticCommand commands = DiagnosticCommand.platform();
        assertFalse(commands.has("noSuchCommand"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> commands.invoke("noSuchCommand"));
        assertTrue(missing.getMessage().startsWith("noSuchCommand failed"), missing.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> commands.invoke("vmNativeMemory", "no-such-option"));
        assertTrue(bad.getMessage().startsWith("vmNativeMemory failed"), bad.getMessage());
    }
}
