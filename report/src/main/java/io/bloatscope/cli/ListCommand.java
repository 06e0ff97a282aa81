package io.bloatscope.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;

/** {@code list}: the JVMs this user can attach to, like {@code jps}: pid and main class or jar. */
final class ListCommand {

    int run(String[] args, PrintStream out, PrintStream err) throws UsageError {
        if (args.length != 0) {
            throw new UsageError("'list' takes no arguments");
        }
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
