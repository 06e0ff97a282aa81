package io.bloatscope.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

/**
 * Runs HotSpot diagnostic commands (what {@code jcmd} runs) in-process, through the MBean
 * {@code com.sun.management:type=DiagnosticCommand}, so the agent needs no attach, no forked
 * process and no parsing of jcmd's framing.
 *
 * <p>The MBean names each command's operation by camel-casing it: {@code VM.native_memory} is
 * {@code vmNativeMemory}, {@code System.native_heap_info} is {@code systemNativeHeapInfo},
 * {@code System.trim_native_heap} is {@code systemTrimNativeHeap}. Every operation takes the
 * command's arguments as one {@code String[]} ("summary", "scale=b") and returns its output.
 * Which commands exist depends on the JDK (17 lacks {@code systemNativeHeapInfo}; before 17.0.9
 * it lacks {@code systemTrimNativeHeap}), so callers ask {@link #has} first.
 *
 * <p>Why not simply the platform MBean server: creating it registers every platform MBean (JFR's
 * among them) and loads some 700 classes, about 5 MB of the target's RSS that would be the agent's
 * cost for one MBean. With an {@link Instrumentation} the agent opens the one JDK-internal package
 * that holds the MBean's factory to itself and asks it directly (about 300 classes); without one,
 * or where that factory is missing, it falls back to the platform server.
 */
public final class DiagnosticCommand {
    static final String MBEAN_NAME = "com.sun.management:type=DiagnosticCommand";
    private static final String IMPLEMENTATION = "com.sun.management.internal.DiagnosticCommandImpl";
    private static final String[] SIGNATURE = {String[].class.getName()};

    /** The MBean's invoke(operation, params, signature), directly or through the platform server. */
    private interface Target {
        Object invoke(String operation, Object[] params, String[] signature) throws JMException;
    }

    private final Target target;
    /** Read once: the set of commands is fixed for the JVM's lifetime. */
    private final Set<String> operations;

    private DiagnosticCommand(MBeanInfo info, Target target) {
        this.target = target;
        Set<String> names = new HashSet<>();
        for (MBeanOperationInfo operation : info.getOperations()) {
            names.add(operation.getName());
        }
        this.operations = Set.copyOf(names);
    }

    /** Through the platform MBean server; fails on JVMs without the MBean. */
    public static DiagnosticCommand platform() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(MBEAN_NAME);
        return new DiagnosticCommand(server.getMBeanInfo(name),
                (operation, params, signature) -> server.invoke(name, operation, params, signature));
    }

    /**
     * Directly when {@code instrumentation} can open the MBean's package to the agent, else
     * through the platform MBean server.
     *
     * @param instrumentation the agent's, or null (then always the platform server)
     */
    public static DiagnosticCommand platform(Instrumentation instrumentation) throws JMException {
        DynamicMBean direct = instrumentation == null ? null : direct(instrumentation);
        if (direct == null) {
            return platform();
        }
        return new DiagnosticCommand(direct.getMBeanInfo(), direct::invoke);
    }

    /** The MBean from its own factory, or null where this JDK lays it out otherwise. */
    private static DynamicMBean direct(Instrumentation instrumentation) {
        try {
            Class<?> implementation = Class.forName(IMPLEMENTATION, false, ClassLoader.getPlatformClassLoader());
            Module agent = DiagnosticCommand.class.getModule();
            String pkg = implementation.getPackageName();
            if (!implementation.getModule().isOpen(pkg, agent)) {
                // Opened to the agent's module only (the class path's unnamed module, where the
                // agent jar is), not to every module.
                instrumentation.redefineModule(implementation.getModule(), Set.of(), Map.of(),
                        Map.of(pkg, Set.of(agent)), Set.of(), Map.of());
            }
            Method factory = implementation.getDeclaredMethod("getDiagnosticCommandMBean");
            factory.setAccessible(true);
            Object bean = factory.invoke(null);
            return bean instanceof DynamicMBean ? (DynamicMBean) bean : null;
        } catch (Exception | LinkageError absent) {
            return null;
        }
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
            return (String) target.invoke(operation, new Object[] {args}, SIGNATURE);
        } catch (MBeanException | RuntimeMBeanException e) {
            // The command's own complaint (bad argument, not supported) is the wrapped cause.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(operation + " failed: " + cause.getMessage(), cause);
        } catch (JMException | JMRuntimeException e) {
            throw new IllegalStateException(operation + " failed: " + e, e);
        }
    }
}
