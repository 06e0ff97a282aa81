package io.bloatscope.agent.jvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The output of {@code Compiler.memory} (JDK 22+): the compilations that used the most arena
 * memory, one row each, largest first, as recorded by {@code -XX:CompileCommand=memstat,...}.
 * Without memstat the JVM keeps no statistics and says "Compilation memory statistics disabled.".
 *
 * <p>The table's columns are found by the header's names ({@code total}, {@code #nodes},
 * {@code result}, {@code method}, and the compiler's: {@code ctyp} on JDK 25, {@code type} on
 * 22–24, where the table starts with {@code total}), since the columns between them differ
 * between JDK versions: 25 (JDK-8344009) added one column per arena type, one of them named
 * {@code type}.
 */
final class CompilerMemory {
    static final class Compilation {
        final String compiler;
        final long totalBytes;
        final long nodes;
        final String result;
        final String method;

        Compilation(String compiler, long totalBytes, long nodes, String result, String method) {
            this.compiler = compiler;
            this.totalBytes = totalBytes;
            this.nodes = nodes;
            this.result = result;
            this.method = method;
        }
    }

    final boolean enabled;
    final List<Compilation> compilations;

    private CompilerMemory(boolean enabled, List<Compilation> compilations) {
        this.enabled = enabled;
        this.compilations = List.copyOf(compilations);
    }

    /** The {@code max} largest rows, largest first; rows it cannot read are skipped. */
    static CompilerMemory parse(String output, int max) {
        if (output.contains("statistics disabled")) {
            return new CompilerMemory(false, List.of());
        }
        List<String> header = null;
        List<Compilation> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            List<String> tokens = Arrays.asList(line.trim().split("\\s+"));
            if (tokens.isEmpty()) {
                continue;
            }
            if (tokens.contains("total") && tokens.contains("method")) {
                header = tokens;
            } else if (header != null && tokens.size() == header.size()) {
                try {
                    int nodes = header.indexOf("#nodes");
                    int result = header.indexOf("result");
                    int compiler = header.contains("ctyp") ? header.indexOf("ctyp") : header.indexOf("type");
                    rows.add(new Compilation(tokens.get(compiler), Long.parseLong(tokens.get(header.indexOf("total"))),
                            nodes < 0 || tokens.get(nodes).equals("-") ? -1 : Long.parseLong(tokens.get(nodes)),
                            result < 0 ? "" : tokens.get(result), tokens.get(header.indexOf("method"))));
                } catch (RuntimeException unreadable) {
                    // a row of another shape (a wrapped method name): the others still count
                }
            }
        }
        // The largest, whatever order the JDK printed them in (a few hundred rows at most).
        rows.sort((a, b) -> Long.compare(b.totalBytes, a.totalBytes));
        return new CompilerMemory(header != null, rows.subList(0, Math.min(max, rows.size())));
    }
}
