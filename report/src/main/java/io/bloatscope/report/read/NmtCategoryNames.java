package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * NMT category names seen so far by one scanner, each with the ledger group it counts in: a String
 * and a group lookup once per distinct name, not once per line. Not thread-safe, like the scanner.
 */
final class NmtCategoryNames {
    /** NMT's category names (JDK 17 and 25) → the ledger group; any other name counts in NMT_REST. */
    private static final Object[][] GROUPS = {
        {"Java Heap", Column.NMT_HEAP},
        {"Class", Column.NMT_CLASS}, {"Metaspace", Column.NMT_CLASS},
        {"Code", Column.NMT_CODE},
        {"Thread", Column.NMT_THREAD}, {"Thread Stack", Column.NMT_THREAD},
        {"GC", Column.NMT_GC}, {"GCCardSet", Column.NMT_GC},
        {"Other", Column.NMT_OTHER},
        {"Shared class space", Column.NMT_SHARED_CLASS},
        {"Compiler", Column.NMT_JIT}, {"Arena Chunk", Column.NMT_JIT},
    };
    /** Its committed bytes are thread stacks whatever the JDK reports beside them. */
    private static final byte[] THREAD_STACK = "Thread Stack".getBytes(StandardCharsets.UTF_8);
    /** Its arena peak is the compiler's (Arena Chunk is the pool of free chunks, not a compilation's). */
    private static final byte[] COMPILER = "Compiler".getBytes(StandardCharsets.UTF_8);

    private byte[][] nameBytes = new byte[0][];
    private String[] names = new String[0];
    private Column[] groups = new Column[0];
    private boolean[] threadStacks = new boolean[0];
    private boolean[] compilers = new boolean[0];

    /** Index of the category named {@code b[start, start + length)}, added on first sight. */
    int indexOf(JsonCursor in, int start, int length) {
        for (int i = 0; i < nameBytes.length; i++) {
            if (in.is(start, length, nameBytes[i])) {
                return i;
            }
        }
        Column group = Column.NMT_REST;
        for (Object[] entry : GROUPS) {
            if (in.is(start, length, ((String) entry[0]).getBytes(StandardCharsets.UTF_8))) {
                group = (Column) entry[1];
                break;
            }
        }
        int n = names.length;
        names = Arrays.copyOf(names, n + 1);
        nameBytes = Arrays.copyOf(nameBytes, n + 1);
        groups = Arrays.copyOf(groups, n + 1);
        threadStacks = Arrays.copyOf(threadStacks, n + 1);
        compilers = Arrays.copyOf(compilers, n + 1);
        names[n] = new String(in.b, start, length, StandardCharsets.UTF_8);
        nameBytes[n] = Arrays.copyOfRange(in.b, start, start + length);
        groups[n] = group;
        threadStacks[n] = in.is(start, length, THREAD_STACK);
        compilers[n] = in.is(start, length, COMPILER);
        return n;
    }

    String name(int index) {
        return names[index];
    }

    Column group(int index) {
        return groups[index];
    }

    boolean isThreadStack(int index) {
        return threadStacks[index];
    }

    boolean isCompiler(int index) {
        return compilers[index];
    }
}
