package io.bloatscope.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code attach <pid> [options|status|stop|trim]}: loads this very jar into a running JVM as an
 * agent, then reads back the one-line outcome the agent leaves in the target's system property
 * {@code bloatscope.status}, so the user sees whether sampling started, was reconfigured or was
 * already running, and where the snapshots go.
 */
final class AttachCommand implements Command {
    private static final String STATUS_PROPERTY = io.bloatscope.agent.AgentPremain.STATUS_PROPERTY;
    static final CommandSpec SPEC = new CommandSpec("attach", "<pid> [key=value,...|status|stop|trim]", 1, 2, false,
            String.join("\n",
                    "Loads this jar into a running JVM of the same user as an agent. With agent options (as for",
                    "-javaagent, e.g. out=/var/tmp/app-%p.jsonl,interval=1s) it starts or reconfigures sampling;",
                    "'status' says what runs and where it writes, 'stop' stops sampling, 'trim' runs one malloc",
                    "trim probe now. Prints one line; 'bloatscope list' shows the pids."),
            List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) throws UsageError {
        String pid = line.positional(0);
        if (!pid.matches("[0-9]+")) {
            throw new UsageError("attach: '" + pid + "' is not a pid (a process id such as 1234; 'bloatscope list' shows the running JVMs)");
        }
        String agentArguments = line.positional(1) == null ? "" : line.positional(1);
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
