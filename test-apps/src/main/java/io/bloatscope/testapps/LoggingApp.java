package io.bloatscope.testapps;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application with its own, older logging stack (SLF4J 1.7 + Logback 1.2) and its own
 * {@code logback.xml}, which writes {@code APPLOG <level> <logger> - <msg>} lines to the file named
 * by system property {@code app.log}. It logs {@code --rate} lines per second and at the end prints
 * what it logged and which Logback served it:
 * <pre>
 * LOGGED lines=30
 * SLF4J_BINDING ch.qos.logback.classic.LoggerContext
 * LOGBACK_VERSION 1.2.13
 * LOGBACK_CONFIG jar:file:.../test-apps.jar!/logback.xml
 * </pre>
 * This is not a memory scenario: it proves an agent that bundles (relocated) SLF4J 2 / Logback 1.5
 * leaves the application's logging undisturbed. The memory verdict is <b>HEALTHY</b>; the test
 * asserts that the file has exactly that many APPLOG lines and that the printed version and config
 * are the app's own.
 *
 * <p>Options: {@code --rate} lines per second (default 10), {@code --seconds}.
 */
public final class LoggingApp {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingApp.class);

    public static void main(String[] argv) {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 10L));
        long rate = args.positive("rate");
        long lines = 0;
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                LOG.info("order {} processed", lines++);
            }
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL config = ConfigurationWatchListUtil.getMainWatchURL(context);
        System.out.println("LOGGED lines=" + lines);
        System.out.println("SLF4J_BINDING " + LoggerFactory.getILoggerFactory().getClass().getName());
        System.out.println("LOGBACK_VERSION " + jarVersion(LoggerContext.class));
        System.out.println("LOGBACK_CONFIG " + config);
        context.stop(); // flushes and closes the file
        run.finish();
    }

    /** Logback 1.2 jars carry only an OSGi Bundle-Version, so read it from the class's own jar manifest. */
    private static String jarVersion(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try {
            URLConnection connection = type.getResource(type.getSimpleName() + ".class").openConnection();
            if (connection instanceof JarURLConnection) {
                Manifest manifest = ((JarURLConnection) connection).getManifest();
                if (manifest != null && manifest.getMainAttributes().getValue("Bundle-Version") != null) {
                    return manifest.getMainAttributes().getValue("Bundle-Version");
                }
            }
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
        return "unknown";
    }
}
