package io.bloatscope.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The cost of native site tracking on its worst case, a native-allocation storm: several threads
 * allocating and freeing small {@code sun.misc.Unsafe} blocks as fast as they can, a fixed amount
 * of work. Runs the storm in forked JVMs in interleaved rounds (no agent; agent with
 * {@code nativeSites=unsafe}; agent with {@code nativeSites=on}) and prints the CPU time of the
 * storm phase (process CPU, so the agent's own threads count) as medians and ratios to no agent.
 *
 * <p>Each child idles 3 s before the storm so the agent has finished instrumenting in every variant.
 * Usage, after {@code mvn -DskipTests package test-compile}:
 * <pre>java -cp target/bloatscope.jar:report/target/test-classes io.bloatscope.bench.NativeStormBenchmark [rounds] [blocksPerThread]</pre>
 */
public final class NativeStormBenchmark {
    private static final Path JAR = Path.of("target/bloatscope.jar");
    private static final int THREADS = 4;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long blocks = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
        Path work = Files.createTempDirectory("bloatscope-storm");
        String[] variants = {null, "nativeSites=unsafe", "nativeSites=on"};
        List<List<Long>> cpu = new ArrayList<>();
        for (int v = 0; v < variants.length; v++) {
            cpu.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < variants.length; v++) {
                int index = (v + round) % variants.length; // rotate the order so no variant always goes first
                cpu.get(index).add(runChild(variants[index], blocks, work));
            }
        }
        long baseline = median(cpu.get(0));
        System.out.printf(Locale.ROOT, "storm: %d threads x %d Unsafe allocate+free of 16-512 bytes, %d rounds%n",
                THREADS, blocks, rounds);
        for (int v = 0; v < variants.length; v++) {
            long median = median(cpu.get(v));
            System.out.printf(Locale.ROOT, "%-22s CPU median %7.0f ms  ratio %.3f  runs %s%n",
                    variants[v] == null ? "no agent" : variants[v], median / 1e6, (double) median / baseline,
                    cpu.get(v));
        }
    }

    private static long runChild(String agentOptions, long blocks, Path work) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + JAR.toAbsolutePath() + "=out=" + work.resolve("storm-%p.jsonl")
                    + ",interval=1s," + agentOptions);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Storm.class.getName());
        command.add(Long.toString(blocks));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes()).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("storm failed: " + out);
        }
        return Long.parseLong(out.substring(out.lastIndexOf('\n') + 1).trim());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The storm itself; prints the process CPU nanoseconds the storm took. */
    public static final class Storm {
        public static void main(String[] args) throws Exception {
            long blocks = Long.parseLong(args[0]);
            Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);
            unsafe.freeMemory(unsafe.allocateMemory(8));
            Thread.sleep(3000);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long start = os.getProcessCpuTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                Thread thread = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    long[] held = new long[64];
                    for (long i = 0; i < blocks; i++) {
                        int slot = (int) (i & 63);
                        if (held[slot] != 0) {
                            unsafe.freeMemory(held[slot]);
                        }
                        held[slot] = unsafe.allocateMemory(16 + random.nextInt(497));
                    }
                    for (long address : held) {
                        if (address != 0) {
                            unsafe.freeMemory(address);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            System.out.println(os.getProcessCpuTime() - start);
        }
    }
}
