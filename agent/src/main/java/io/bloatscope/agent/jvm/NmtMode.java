package io.bloatscope.agent.jvm;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether Native Memory Tracking is on in this JVM, for the header and to decide whether to create
 * an {@link NmtSampler}. NMT can only be switched on at JVM start, so this never changes.
 */
public final class NmtMode {
    private static final String FLAG = "-XX:NativeMemoryTracking=";

    private NmtMode() {
    }

    /**
     * "off", "summary" or "detail"; "unknown" when neither the VM option nor the command line tells
     * (a JVM without the HotSpot diagnostic MXBean).
     */
    public static String current() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot != null) {
                return hotspot.getVMOption("NativeMemoryTracking").getValue();
            }
        } catch (RuntimeException e) {
            // no such option on this VM: fall back to the command line below
        }
        try {
            return fromInputArguments(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** The last {@code -XX:NativeMemoryTracking=} wins, as it does for the JVM; absent means off. */
    static String fromInputArguments(List<String> arguments) {
        String mode = "off";
        for (String argument : arguments) {
            if (argument.startsWith(FLAG)) {
                mode = argument.substring(FLAG.length());
            }
        }
        return mode;
    }
}
