package io.bloatscope.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;
import java.util.List;

/** {@code list}: the JVMs this user can attach to, like {@code jps}: pid and main class or jar. */
final class ListCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("list", "", 0, 0, false,
            "The running JVMs this user can attach to, like jps: pid and main class or jar.", List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(CommandLine line, PrintStream out, PrintStream err) {
        String self = Long.toString(ProcessHandle.current().pid());
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (!vm.id().equals(self)) {
                String name = vm.displayName().isEmpty() ? "(unknown main class)" : vm.displayName();
                out.println(vm.id() + " " + name);
            }
        }
        return Main.OK;
    }
}
