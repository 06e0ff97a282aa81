import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Captures the real text the parsers under test read, so tests run on what a JVM actually prints.
 * Not part of the build: run it by hand as a single-file program on each JDK, e.g.
 *
 * <pre>
 * java -XX:NativeMemoryTracking=summary agent/src/test/capture/CaptureFixtures.java \
 *     agent/src/test/resources/fixtures/jdk17
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:NativeMemoryTracking=summary \
 *     agent/src/test/capture/CaptureFixtures.java agent/src/test/resources/fixtures/jdk25
 * java agent/src/test/capture/CaptureFixtures.java agent/src/test/resources/fixtures/jdk17 nmt-off
 * </pre>
 *
 * It first starts 20 threads that each malloc (through Unsafe.allocateMemory) and free part of
 * it again, so glibc creates several arenas with free chunks in their bins, and keeps them alive
 * while it captures. The "nmt-off" mode only writes the NMT output of a JVM started without NMT.
 * The NMT files (nmt-*.txt) belong in format/src/test/resources/fixtures/, next to their parser.
 */
public class CaptureFixtures {
    static final String DCMD = "com.sun.management:type=DiagnosticCommand";

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(DCMD);
        if (args.length > 1 && args[1].equals("nmt-off")) {
            Files.writeString(out.resolve("nmt-off.txt"), invoke(server, name, "vmNativeMemory", "summary"));
            return;
        }
        CountDownLatch ready = new CountDownLatch(20);
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            int seed = t;
            Thread thread = new Thread(() -> mallocAndWait(seed, ready, done), "malloc-" + t);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        ready.await();
        boolean hasHeapInfo = false;
        StringBuilder ops = new StringBuilder();
        for (MBeanOperationInfo op : server.getMBeanInfo(name).getOperations()) {
            ops.append(op.getName()).append('\n');
            hasHeapInfo |= op.getName().equals("systemNativeHeapInfo");
        }
        Files.writeString(out.resolve("dcmd-operations.txt"), ops);
        for (String scale : new String[] {"KB", "MB", "b", "1"}) {
            Files.writeString(out.resolve("nmt-summary-scale-" + scale + ".txt"),
                    invoke(server, name, "vmNativeMemory", "summary", "scale=" + scale));
        }
        Files.writeString(out.resolve("nmt-summary.txt"), invoke(server, name, "vmNativeMemory", "summary"));
        Files.writeString(out.resolve("native-heap-info.txt"),
                hasHeapInfo ? invoke(server, name, "systemNativeHeapInfo") : "(operation absent)");
        copy("/proc/self/status", out.resolve("proc-status.txt"));
        copy("/proc/self/smaps", out.resolve("smaps.txt"));
        copy("/proc/self/maps", out.resolve("maps.txt"));
        copy("/proc/self/cgroup", out.resolve("proc-cgroup.txt"));
        copy("/proc/self/mountinfo", out.resolve("mountinfo.txt"));
        Files.writeString(out.resolve("trim.txt"), invoke(server, name, "systemTrimNativeHeap"));
        done.countDown();
    }

    static void mallocAndWait(int seed, CountDownLatch ready, CountDownLatch done) {
        try {
            sun.misc.Unsafe unsafe = unsafe();
            List<Long> kept = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long size = 16L << ((i + seed) % 13); // 16 B .. 64 KiB: fast bins, small and large bins
                long address = unsafe.allocateMemory(size);
                unsafe.setMemory(address, size, (byte) 1);
                kept.add(address);
            }
            for (int i = 0; i < kept.size(); i += 2) {
                unsafe.freeMemory(kept.get(i)); // leaves holes that land in the bins
            }
            ready.countDown();
            done.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String invoke(MBeanServer server, ObjectName name, String op, String... args) {
        try {
            return (String) server.invoke(name, op, new Object[] {args}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return "EXCEPTION: " + e + (e.getCause() != null ? "\nCAUSE: " + e.getCause() : "");
        }
    }

    static void copy(String from, Path to) throws Exception {
        Files.write(to, Files.readAllBytes(Path.of(from)));
    }

    static sun.misc.Unsafe unsafe() throws Exception {
        Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return (sun.misc.Unsafe) field.get(null);
    }
}
