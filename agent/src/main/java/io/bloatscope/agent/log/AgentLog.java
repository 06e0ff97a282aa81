package io.bloatscope.agent.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.Logger;

/**
 * The agent's own logging: a private Logback context, configured in code, writing one-line
 * messages prefixed {@code [bloatscope]} to the target's standard error.
 *
 * <p>Why not {@code LoggerFactory}: SLF4J's factory discovers providers through ServiceLoader and
 * Logback then auto-configures from {@code logback.xml} on the class path, which is the
 * application's. A context we build ourselves reads no configuration, no system property and no
 * services file, so the agent can neither pick up nor disturb the application's logging (the
 * jar relocates both libraries besides). The context class loader is set to the agent's own while
 * Logback starts, so nothing it loads comes from the application.
 */
public final class AgentLog {
    private static final LoggerContext CONTEXT = createContext();

    private AgentLog() {
    }

    public static Logger get(Class<?> owner) {
        return CONTEXT.getLogger(owner.getSimpleName());
    }

    /** {@code off}, {@code error}, {@code warn}, {@code info} or {@code debug}. */
    public static void setLevel(String level) {
        CONTEXT.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
    }

    private static LoggerContext createContext() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AgentLog.class.getClassLoader());
        try {
            LoggerContext context = new LoggerContext();
            context.setName("bloatscope");
            context.setMDCAdapter(new LogbackMDCAdapter());

            OneLineLayout layout = new OneLineLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(context);
            encoder.setLayout(layout);
            encoder.start();

            ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
            stderr.setContext(context);
            stderr.setName("stderr");
            stderr.setTarget("System.err");
            stderr.setEncoder(encoder);
            stderr.start();

            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.addAppender(stderr);
            root.setLevel(Level.INFO);
            context.start();
            return context;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
