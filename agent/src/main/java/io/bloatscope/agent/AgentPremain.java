package io.bloatscope.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The agent's entry point for {@code -javaagent:} (premain) and {@code attach} (agentmain).
 *
 * <p>This class depends on nothing but the JDK and lets nothing escape: the agent core, with its
 * relocated libraries, is reached by reflection, so even a broken jar or a missing class becomes
 * one line on standard error and the application starts as it would have without the agent.
 */
public final class AgentPremain {
    /** Where the outcome of the last agent command is left for {@code attach} to read back. */
    public static final String STATUS_PROPERTY = "bloatscope.status";

    private AgentPremain() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        launch(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        launch(arguments, instrumentation, false);
    }

    private static void launch(String arguments, Instrumentation instrumentation, boolean atJvmStart) {
        try {
            Class<?> agent = Class.forName("io.bloatscope.agent.core.Agent", true,
                    AgentPremain.class.getClassLoader());
            agent.getMethod("run", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, arguments, instrumentation, atJvmStart);
        } catch (Throwable failure) {
            Throwable cause = failure instanceof InvocationTargetException ? failure.getCause() : failure;
            String message = "bloatscope could not start (" + cause + "); the application goes on";
            try {
                System.err.println("[bloatscope] ERROR " + message);
                System.setProperty(STATUS_PROPERTY, "failed: " + message);
            } catch (Throwable ignored) {
                // Not even stderr: stay silent rather than hurt the application.
            }
        }
    }
}
