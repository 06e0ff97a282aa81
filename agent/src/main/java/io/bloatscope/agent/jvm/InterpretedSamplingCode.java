package io.bloatscope.agent.jvm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the JIT compilers away from the code only the sampling thread runs, with one HotSpot
 * compiler directive ({@code Compiler.directives_add}) that excludes its packages.
 *
 * <p>Why: that code runs for a fraction of a millisecond once per interval, but its loops (parsing
 * {@code /proc} text, formatting the line) get it compiled by C1 and C2 within seconds of start,
 * and each compilation borrows megabytes of compiler arena memory from malloc, which glibc then
 * keeps resident in the compiler thread's arena. On the {@code Busy} app (JDK 17) that was about
 * half of the agent's footprint; interpreted, a tick costs a few tenths of a millisecond more.
 * Code that application threads run (the allocation sites' advice and tracker, HdrHistogram) is not
 * in these packages and stays compiled.
 *
 * <p>The directive only names the agent's own packages, so it cannot change how the application is
 * compiled; {@code jcmd <pid> Compiler.directives_print} shows it.
 */
public final class InterpretedSamplingCode {
    private static final String OPERATION = "compilerDirectivesAdd";

    private InterpretedSamplingCode() {
    }

    /**
     * Excludes the packages of {@code anchors} from compilation.
     *
     * @return false when this JVM has no compiler directives or refused this one
     */
    public static boolean apply(DiagnosticCommand commands, List<Class<?>> anchors) {
        if (!commands.has(OPERATION)) {
            return false;
        }
        Path file = null;
        try {
            file = Files.createTempFile("bloatscope-directive-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // A stream, not Files.writeString: a channel would leave a cached temporary direct
            // buffer on this thread, counted in the application's direct buffer pool.
            try (OutputStream out = new FileOutputStream(file.toFile())) {
                out.write(directive(anchors).getBytes(StandardCharsets.US_ASCII));
            }
            String answer = commands.invoke(OPERATION, file.toString());
            return answer != null && answer.contains("1 compiler directives added");
        } catch (IOException | RuntimeException refused) {
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A temporary file of a few hundred bytes; the OS cleans /tmp.
                }
            }
        }
    }

    /** {@code [{match: ["io/bloatscope/agent/core/*.*", …], Exclude: true}]}, one pattern a package. */
    static String directive(List<Class<?>> anchors) {
        List<String> patterns = new ArrayList<>();
        for (Class<?> anchor : anchors) {
            String pattern = "\"" + anchor.getPackageName().replace('.', '/') + "/*.*\"";
            if (!patterns.contains(pattern)) {
                patterns.add(pattern);
            }
        }
        return "[{match: [" + String.join(", ", patterns) + "], Exclude: true}]";
    }
}
