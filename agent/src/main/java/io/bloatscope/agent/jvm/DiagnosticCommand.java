package io.bloatscope.agent.jvm;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

/**
 * Runs HotSpot diagnostic commands (what {@code jcmd} runs) in-process, through the platform
 * MBean {@code com.sun.management:type=DiagnosticCommand}, so the agent needs no attach, no
 * forked process and no parsing of jcmd's framing.
 *
 * <p>The MBean names each command's operation by camel-casing it: {@code VM.native_memory} is
 * {@code vmNativeMemory}, {@code System.native_heap_info} is {@code systemNativeHeapInfo},
 * {@code System.trim_native_heap} is {@code systemTrimNativeHeap}. Every operation takes the
 * command's arguments as one {@code String[]} ("summary", "scale=b") and returns its output.
 * Which commands exist depends on the JDK (17 lacks {@code systemNativeHeapInfo}; before 17.0.9
 * it lacks {@code systemTrimNativeHeap}), so callers ask {@link #has} first.
 */
public final class DiagnosticCommand {
    static final String MBEAN_NAME = "com.sun.management:type=DiagnosticCommand";
    private static final String[] SIGNATURE = {String[].class.getName()};

    private final MBeanServer server;
    private final ObjectName name;
    /** Read once: the set of commands is fixed for the JVM's lifetime. */
    private final Set<String> operations;

    DiagnosticCommand(MBeanServer server, ObjectName name) throws JMException {
        this.server = server;
        this.name = name;
        Set<String> names = new HashSet<>();
        for (MBeanOperationInfo operation : server.getMBeanInfo(name).getOperations()) {
            names.add(operation.getName());
        }
        this.operations = Set.copyOf(names);
    }

    /** The platform MBean server's diagnostic command MBean; fails on JVMs without one. */
    public static DiagnosticCommand platform() throws JMException {
        return new DiagnosticCommand(ManagementFactory.getPlatformMBeanServer(), new ObjectName(MBEAN_NAME));
    }

    /** Whether this JVM offers the operation, e.g. {@code has("systemNativeHeapInfo")}. */
    public boolean has(String operation) {
        return operations.contains(operation);
    }

    /**
     * Runs the operation and returns its text output.
     *
     * @throws IllegalStateException naming the operation and the JVM's reason when it fails
     */
    public String invoke(String operation, String... args) {
        try {
            return (String) server.invoke(name, operation, new Object[] {args}, SIGNATURE);
        } catch (MBeanException | RuntimeMBeanException e) {
            // The command's own complaint (bad argument, not supported) is the wrapped cause.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(operation + " failed: " + cause.getMessage(), cause);
        } catch (JMException | JMRuntimeException e) {
            throw new IllegalStateException(operation + " failed: " + e, e);
        }
    }
}
