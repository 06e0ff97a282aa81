package io.bloatscope.junit;

import io.bloatscope.format.text.NmtSummary;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the {@link Resource}s of this JVM after letting it settle: two full collections with a
 * pause between them, so buffers whose owners were collected have been released by their Cleaner
 * and only what the code under test still holds is counted.
 */
final class Gauges {
    private static final String JAVA_HEAP = "Java Heap";
    /**
     * The NMT categories left out of the native measure besides the Java heap (measured apart): the
     * JIT's own memory (compiled code, the compilers' malloc and arenas), which moves by megabytes
     * while the code under test is compiled and is not the code's.
     */
    private static final List<String> JIT = List.of("Code", "Compiler", "Arena Chunk");
    private static final Pattern RSS_ANON = Pattern.compile("RssAnon:\\s+(\\d+) kB");
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    /** {@code System.trim_native_heap}, JDK 17.0.9+ on glibc. */
    private static final String TRIM = "systemTrimNativeHeap";

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<BufferPoolMXBean> buffers = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final boolean nmt = nmtReadable();
    private final boolean trim = !nmt && hasOperation(TRIM);

    /** How native memory is measured here, for failure messages. */
    String nativeSource() {
        return nmt ? "NMT committed minus Java heap and the JIT's Code, Compiler and Arena Chunk"
                : "anonymous RSS minus committed heap, metaspace and code cache" + (trim ? ", after a malloc trim" : "");
    }

    /**
     * Two collections, and without NMT a malloc trim: RSS also counts what glibc merely keeps of
     * freed memory (the JIT's compilations leave megabytes in its arenas, in jumps), which is not
     * the code's and made sound code fail now and then; what a leak holds is still in use.
     */
    void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(10);
        System.gc();
        if (trim) {
            try {
                server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), TRIM, new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
            } catch (JMException | RuntimeException failed) {
                // Measured without the trim, as on JDKs that lack it.
            }
        }
    }

    private boolean hasOperation(String name) {
        try {
            for (MBeanOperationInfo operation : server.getMBeanInfo(new ObjectName(DIAGNOSTIC_COMMAND)).getOperations()) {
                if (operation.getName().equals(name)) {
                    return true;
                }
            }
        } catch (JMException | RuntimeException absent) {
            // No diagnostic commands here.
        }
        return false;
    }

    double read(Resource resource) {
        switch (resource) {
            case HEAP:
                return memory.getHeapMemoryUsage().getUsed();
            case DIRECT_BUFFERS:
                long used = 0;
                for (BufferPoolMXBean pool : buffers) {
                    used += Math.max(0, pool.getMemoryUsed());
                }
                return used;
            case THREADS:
                return ManagementFactory.getThreadMXBean().getThreadCount();
            case NATIVE:
                return nmt ? nmtNonHeapBytes() : anonymousNonHeapBytes();
            default:
                throw new IllegalArgumentException(resource.toString());
        }
    }

    private boolean nmtReadable() {
        try {
            return NmtSummary.parse(nmtSummary()).totalCommittedBytes >= 0;
        } catch (JMException | RuntimeException notAvailable) {
            return false;
        }
    }

    private String nmtSummary() throws JMException {
        return (String) server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), "vmNativeMemory",
                new Object[] {new String[] {"summary", "scale=b"}}, new String[] {String[].class.getName()});
    }

    private double nmtNonHeapBytes() {
        try {
            double bytes = nmtNativeBytes(nmtSummary());
            if (!Double.isNaN(bytes)) {
                return bytes;
            }
        } catch (JMException | RuntimeException unreadable) {
            // Fall back below.
        }
        return anonymousNonHeapBytes();
    }

    /**
     * NMT's committed total without the Java heap and the {@link #JIT}'s categories, read by the
     * agent's own NMT parser; NaN when unparsable (no total, or no heap to take away).
     */
    static double nmtNativeBytes(String text) {
        NmtSummary summary = NmtSummary.parse(text);
        NmtSummary.Category heap = summary.category(JAVA_HEAP);
        if (summary.totalCommittedBytes < 0 || heap == null || heap.committedBytes < 0) {
            return Double.NaN;
        }
        double bytes = summary.totalCommittedBytes - heap.committedBytes;
        for (String name : JIT) {
            NmtSummary.Category category = summary.category(name);
            if (category != null && category.committedBytes > 0) {
                bytes -= category.committedBytes;
            }
        }
        return bytes;
    }

    private double anonymousNonHeapBytes() {
        try {
            Matcher anon = RSS_ANON.matcher(Files.readString(Path.of("/proc/self/status")));
            if (anon.find()) {
                return Double.parseDouble(anon.group(1)) * 1024 - memory.getHeapMemoryUsage().getCommitted()
                        - memory.getNonHeapMemoryUsage().getCommitted();
            }
        } catch (IOException | RuntimeException notLinux) {
            // No native measure on this platform.
        }
        return Double.NaN;
    }
}
