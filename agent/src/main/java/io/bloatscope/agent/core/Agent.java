package io.bloatscope.agent.core;

import io.bloatscope.agent.jvm.DiagnosticCommand;
import io.bloatscope.agent.jvm.TrimProbe;
import io.bloatscope.agent.jvm.TrimResult;
import io.bloatscope.agent.jvm.TrimSampler;
import io.bloatscope.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * The agent's lifecycle inside the target: at most one sampling loop per JVM, however often the
 * agent is attached. A later attach with the same options reports what runs; with other options
 * it reconfigures (continuing the same file when the path is unchanged); {@code stop} ends
 * sampling and closes the file; {@code trim} runs one trim probe now; {@code status} reports.
 *
 * <p>Every command leaves a one-line outcome in the system property {@code bloatscope.status},
 * which {@code attach} reads back through the attach API and prints.
 */
public final class Agent {
    static final String STATUS_PROPERTY = io.bloatscope.agent.AgentPremain.STATUS_PROPERTY;
    private static final long ATTACH_WAIT_SECONDS = 10;
    private static final Logger LOG = AgentLog.get(Agent.class);

    private static SamplingLoop loop;

    private Agent() {
    }

    /** Called by {@code AgentPremain} through reflection; never throws. */
    public static synchronized void run(String arguments, Instrumentation instrumentation, boolean atJvmStart) {
        String status;
        try {
            status = command(arguments == null ? "" : arguments.trim(), instrumentation, atJvmStart);
        } catch (Throwable unexpected) {
            status = "failed: " + unexpected;
            LOG.error("agent command failed: {}; the application goes on", unexpected.toString());
        }
        System.setProperty(STATUS_PROPERTY, status);
    }

    private static String command(String arguments, Instrumentation instrumentation, boolean atJvmStart) throws InterruptedException {
        switch (arguments) {
            case "status":
                return status();
            case "stop":
                return stop();
            case "trim":
                return trim(instrumentation);
            default:
                return start(arguments, instrumentation, atJvmStart);
        }
    }

    private static String status() {
        if (loop == null) {
            return "not running";
        }
        if (!loop.isWriting()) {
            return "stopped after an error writing " + loop.options().outPath(ProcessHandle.current().pid());
        }
        return "running " + loop.options() + " writing " + loop.path() + loop.metricsStatus();
    }

    private static String stop() {
        if (loop == null) {
            return "not running";
        }
        Path path = loop.path();
        loop.stop(true);
        loop = null;
        LOG.info("stopped; snapshots are in {}", path);
        return "stopped; snapshots are in " + path;
    }

    /**
     * One trim probe now. While sampling, it runs on the sampling thread, so the next snapshot
     * records it; otherwise on this (attach) thread. Either way the answer goes back to the user.
     */
    private static String trim(Instrumentation instrumentation) throws InterruptedException {
        TrimResult result;
        if (loop != null && loop.isWriting()) {
            Future<TrimResult> probed = loop.submit(() -> {
                TrimSampler sampler = loop.sampler(TrimSampler.class);
                return sampler == null ? null : sampler.probeNow();
            });
            try {
                result = probed.get(ATTACH_WAIT_SECONDS * 3, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return "failed: trim probe did not complete (" + e + ")";
            }
        } else {
            DiagnosticCommand commands = Samplers.diagnosticCommands(instrumentation);
            TrimProbe probe = commands == null ? null : TrimProbe.createIfSupported(commands);
            result = probe == null ? null : probe.trimNow();
        }
        if (result == null || !result.supported()) {
            return "failed: this JVM has no System.trim_native_heap (it needs JDK 17.0.9+ on glibc)";
        }
        String outcome = result.hasSizes()
                ? String.format(Locale.ROOT, "trim: RSS+swap %.1f MB -> %.1f MB, released %.1f MB",
                        mb(result.rssBeforeBytes()), mb(result.rssAfterBytes()), mb(result.releasedBytes()))
                : "trim: done, released an unknown amount (the JVM did not report RSS)";
        return outcome + " in " + result.durationMillis() + " ms";
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    private static String start(String arguments, Instrumentation instrumentation, boolean atJvmStart) throws InterruptedException {
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments);
        } catch (OptionError bad) {
            LOG.error("{}; the agent did not start, the application goes on", bad.getMessage());
            return "failed: " + bad.getMessage();
        }
        AgentLog.setLevel(options.logLevel);
        boolean append = false;
        String restarted = "";
        if (loop != null) {
            if (loop.options().equals(options) && loop.isWriting()) {
                return "already " + status();
            }
            long pid = ProcessHandle.current().pid();
            append = loop.isWriting() && loop.options().outPath(pid).equals(options.outPath(pid));
            loop.stop(false);
            // An attach gives the whole configuration (a restart), so say which options it reset.
            restarted = "restarted (options not named are back to their defaults): ";
            LOG.info("reconfigured: {}", options);
        }
        if (atJvmStart) {
            // Before main runs, so what a static initialiser allocates is seen (logged, never thrown).
            SiteTracking.installAtStart(options, instrumentation);
        }
        loop = new SamplingLoop(options, append, instrumentation);
        Future<Path> opened = loop.start();
        if (atJvmStart) {
            // The application must not wait for us; failures are logged by the sampling thread.
            return "starting " + options;
        }
        try {
            Path path = opened.get(ATTACH_WAIT_SECONDS, TimeUnit.SECONDS);
            return restarted + "running " + options + " writing " + path + loop.metricsStatus();
        } catch (ExecutionException failed) {
            loop = null;
            return "failed: cannot write snapshots (" + failed.getCause() + ")";
        } catch (TimeoutException slow) {
            return "starting " + options + " (still opening after " + ATTACH_WAIT_SECONDS + "s)";
        }
    }
}
