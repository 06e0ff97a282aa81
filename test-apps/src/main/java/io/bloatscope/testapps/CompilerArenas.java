package io.bloatscope.testapps;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * JIT compiler memory: C2 compiling one large method with many loops uses far more arena memory
 * than the whole rest of a small JVM, then frees it. The app writes, compiles (javax.tools, so it
 * needs a JDK) and loads {@code --methods} classes, each with one method of {@code --loops}
 * two-level loops whose bounds C2 cannot see and whose bodies branch on the data: loop
 * optimisation (peeling, unrolling, range-check elimination with pre/main/post loops) works over
 * every loop and the whole method's nodes, so its arena grows with loops × nodes. Each method is
 * called until C2 has compiled it (a few thousand calls), one after the other, then the app idles
 * with a small heap. Expected: <b>not HEALTHY</b>: a compiler verdict while the arenas are held, or
 * MALLOC_BLOAT naming the compiler's peak as the cause of what glibc kept after it was freed.
 *
 * <p>Measured (2 CPUs, glibc 2.36, {@code -Xmx20m -XX:+UseSerialGC}, 100 loops): JDK 25.0.3
 * {@code -XX:CompileCommand=memstat,*.*}: 52–104 MB of arena per C2 compilation of one method
 * (idealLoop's resource area is 85–90% of it); JDK 17.0.15: NMT {@code Compiler} peaks at 60–80 MB
 * (polled every 10 ms) beside an RSS of 120–160 MB. Prints {@code COMPILED <n>} after each method.
 *
 * <p>Options: {@code --methods} (default 4), {@code --loops} (default 100, at most 110: beyond it
 * the method passes the 8000-byte limit C2 compiles), {@code --seconds}.
 */
public final class CompilerArenas {
    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("methods", 4L, "loops", 100L));
        int methods = (int) args.positive("methods");
        int loops = (int) Math.min(110, args.positive("loops"));
        long end = System.nanoTime() + args.get("seconds") * 1_000_000_000L;
        Path dir = Files.createTempDirectory("compiler-arenas");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Method[] hot = new Method[methods];
        for (int m = 0; m < methods; m++) {
            Path source = dir.resolve("Loops" + m + ".java");
            Files.writeString(source, source(m, loops));
            if (javac.run(null, null, null, "-d", dir.toString(), source.toString()) != 0) {
                throw new IllegalStateException("javac failed on " + source);
            }
        }
        System.out.println("READY");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()})) {
            int[] data = new int[16];
            for (int i = 0; i < data.length; i++) {
                data[i] = i * 7 + 1;
            }
            long sum = 0;
            for (int m = 0; m < methods; m++) {
                hot[m] = loader.loadClass("Loops" + m).getMethod("run", int[].class, int.class);
                // Tier 4 after ~10-15k invocations; 20k calls of a few µs each reach it in well under a second.
                for (int i = 0; i < 20_000; i++) {
                    sum += (Long) hot[m].invoke(null, data, 2);
                }
                System.out.println("COMPILED " + m + " " + (sum & 1));
                Thread.sleep(1500); // let C2 finish before the next method queues, so the peaks stay apart
            }
            while (args.get("seconds") == 0 || System.nanoTime() < end) {
                Thread.sleep(100);
            }
        }
    }

    /** One method of {@code loops} nested pairs of loops with data-dependent branches. */
    static String source(int salt, int loops) {
        StringBuilder s = new StringBuilder("public class Loops" + salt + " {\n  public static long run(int[] x, int k) {\n    long r = "
                + salt + ";\n");
        for (int d = 0; d < loops; d++) {
            s.append("    for (int i = 0; i < x.length; i++) { for (int j = 0; j < k; j++) { if ((x[i] & ").append(d + 1)
                    .append(") != 0) r += x[j] * ").append(d + 3 + salt).append("; else r ^= x[i] + j; } }\n");
        }
        return s.append("    return r;\n  }\n}\n").toString();
    }
}
