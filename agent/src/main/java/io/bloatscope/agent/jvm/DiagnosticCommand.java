package io.bloatscope.agent.jvm;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanException;
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
 * that holds the MBean to itself and calls the MBean's own two native entry points, the list of
 * commands and the execution of a command line; without one, or where the JDK lays the MBean out
 * otherwise, it falls back to the platform server.
 *
 * <p>Why not the MBean's own {@code invoke}: its first call builds the MBean's description, an
 * operation with descriptors for every one of the JVM's commands and arguments, through the JMX
 * open-type machinery. That ran once, at start, yet the order-service benchmark measured the
 * application about 2 % slower for the rest of its run (1.022 against 1.009 through the native
 * entry points, a null pair reading 1.001; see the README's cost section): a lasting cost of a
 * one-off, most likely through what the JIT learned about shared JDK code from it.
 */
public final class DiagnosticCommand {
    static final String MBEAN_NAME = "com.sun.management:type=DiagnosticCommand";
    private static final String IMPLEMENTATION = "com.sun.management.internal.DiagnosticCommandImpl";
    private static final String[] SIGNATURE = {String[].class.getName()};

    /** Runs one operation with its arguments and returns its output. */
    private interface Target {
        String invoke(String operation, String[] args) throws Exception;
    }

    private final Target target;
    /** Read once: the set of commands is fixed for the JVM's lifetime. */
    private final Set<String> operations;

    private DiagnosticCommand(Set<String> operations, Target target) {
        this.target = target;
        this.operations = Set.copyOf(operations);
    }

    /** Through the platform MBean server; fails on JVMs without the MBean. */
    public static DiagnosticCommand platform() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(MBEAN_NAME);
        Set<String> operations = new HashSet<>();
        for (MBeanOperationInfo operation : server.getMBeanInfo(name).getOperations()) {
            operations.add(operation.getName());
        }
        return new DiagnosticCommand(operations,
                (operation, args) -> (String) server.invoke(name, operation, new Object[] {args}, SIGNATURE));
    }

    /**
     * Directly through the MBean's native entry points when {@code instrumentation} can open its
     * package to the agent, else through the platform MBean server.
     *
     * @param instrumentation the agent's, or null (then always the platform server)
     */
    public static DiagnosticCommand platform(Instrumentation instrumentation) throws JMException {
        DiagnosticCommand direct = instrumentation == null ? null : direct(instrumentation);
        return direct != null ? direct : platform();
    }

    /** The MBean's native entry points, or null where this JDK lays the MBean out otherwise. */
    private static DiagnosticCommand direct(Instrumentation instrumentation) {
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
            Method list = implementation.getDeclaredMethod("getDiagnosticCommands");
            Method execute = implementation.getDeclaredMethod("executeDiagnosticCommand", String.class);
            factory.setAccessible(true);
            list.setAccessible(true);
            execute.setAccessible(true);
            Object bean = factory.invoke(null);
            Map<String, String> commandOf = new HashMap<>();
            for (String command : (String[]) list.invoke(bean)) {
                commandOf.put(operationName(command), command);
            }
            return new DiagnosticCommand(commandOf.keySet(),
                    (operation, args) -> (String) execute.invoke(bean, commandLine(commandOf.get(operation), args)));
        } catch (Exception | LinkageError absent) {
            return null;
        }
    }

    /** The MBean's operation name for a command: {@code VM.native_memory} is {@code vmNativeMemory}. */
    static String operationName(String command) {
        StringBuilder name = new StringBuilder(command.length());
        boolean first = true;
        boolean upper = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '.' || c == '_') {
                first = false;
                upper = true;
            } else if (upper) {
                name.append(Character.toUpperCase(c));
                upper = false;
            } else {
                name.append(first ? Character.toLowerCase(c) : c);
            }
        }
        return name.toString();
    }

    /** The command and its arguments joined by spaces, as the MBean's invoke joins them. */
    private static String commandLine(String command, String[] args) {
        return args.length == 0 ? command : command + " " + String.join(" ", args);
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
        if (!has(operation)) {
            throw new IllegalStateException(operation + " failed: no such diagnostic command on this JVM");
        }
        try {
            return target.invoke(operation, args);
        } catch (InvocationTargetException | MBeanException | RuntimeMBeanException e) {
            // The command's own complaint (bad argument, not supported) is the wrapped cause.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(operation + " failed: " + cause.getMessage(), cause);
        } catch (Exception e) {
            throw new IllegalStateException(operation + " failed: " + e, e);
        }
    }
}
