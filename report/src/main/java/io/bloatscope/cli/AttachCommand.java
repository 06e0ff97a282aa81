package io.bloatscope.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code attach <pid> [options|status|stop|trim]}: loads this very jar into a running JVM as an
 * agent, then reads back the one-line outcome the agent leaves in the target's system property
 * {@code bloatscope.status}, so the user sees whether sampling started, was reconfigured or was
 * already running, and where the snapshots go.
 */
final class AttachCommand {
    private static final String STATUS_PROPERTY = io.bloatscope.agent.AgentPremain.STATUS_PROPERTY;

    int run(String[] args, PrintStream out, PrintStream err) throws UsageError {
        if (args.length < 1 || args.length > 2) {
            throw new UsageError("usage: attach <pid> [key=value,...|status|stop|trim]");
        }
        String pid = args[0];
        if (!pid.matches("[0-9]+")) {
            throw new UsageError("'" + pid + "' is not a pid; 'bloatscope list' shows the running JVMs");
        }
        String agentArguments = args.length == 2 ? args[1] : "";
        Path jar = OwnJar.path("attach");
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new UsageError("cannot attach to pid " + pid + " (" + e.getMessage()
                    + "); it must be a running JVM of the same user: 'bloatscope list' shows them");
        }
        try {
            vm.loadAgent(jar.toString(), agentArguments);
            String status = vm.getSystemProperties().getProperty(STATUS_PROPERTY, "no status reported");
            if (status.startsWith("failed")) {
                err.println("bloatscope: pid " + pid + ": " + status);
                return Main.USAGE;
            }
            out.println(pid + ": " + status);
            return Main.OK;
        } catch (AgentLoadException | IOException e) {
            throw new UsageError("loading the agent into pid " + pid + " failed (" + e.getMessage() + ")");
        } catch (com.sun.tools.attach.AgentInitializationException e) {
            throw new UsageError("the agent failed to initialise in pid " + pid + " (" + e.getMessage() + ")");
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // The agent is loaded; a failed detach changes nothing for the user.
            }
        }
    }
}
