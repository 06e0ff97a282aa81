package io.bloatscope.agent.jvm;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;

/**
 * Names the compilations behind a jump of the JIT compiler's memory: when NMT's {@code Compiler} +
 * {@code Arena Chunk} rise {@link #JUMP_BYTES} above their low since the last read, or NMT's
 * high-water mark of the compiler's arenas rose that much since it (a compilation that began and
 * ended between two snapshots), and once at exit, it runs {@code Compiler.memory} (JDK 22+) and writes the largest compilations:
 * <pre>"compilerMemory":{"reason":"jump"|"exit","compilerBytes":n,
 *   "top":[{"compiler":"c2","totalBytes":n,"nodes":n,"result":"ok","method":"pkg/Class::m(...)"}]}</pre>
 * or {@code "statistics":"disabled"} when the JVM was started without
 * {@code -XX:CompileCommand=memstat,...} (the JVM records nothing then, and the report says how to
 * turn it on). Only snapshots where it read carry the section.
 *
 * <p>Why 16 MB: an ordinary C2 compilation takes 1–10 MB of arena, and snapshots sample a
 * compilation's peak, usually below it (CompilerArenas on JDK 25: 50–86 MB per compilation by
 * memstat, 22–39 MB seen by NMT at the snapshots); the read is cheap (the command walks the JVM's
 * table of the largest compilations, a few hundred rows at most) and at most one per
 * {@link #MIN_GAP_NANOS}, so the trigger can sit low. The exit read covers the whole run anyway.
 *
 * <p>Which JDKs: the statistics came with JDK-8317683 in JDK 22 (with {@code memlimit},
 * JDK-8318016) and were not backported: JDK 17 and JDK 21 have neither {@code Compiler.memory}
 * nor {@code CompileCommand=memstat} (jdk21u-dev's backport of JDK-8321713 lists the memstat
 * tests as "not in 21"). So the sampler is gated on the JVM offering the command, not on a version
 * number: absent on 17 and 21, present on 22 and later. JDK 25 (JDK-8344009) rewrote the command:
 * named options ({@code minsize}, {@code verbose}, {@code legend}) and a table with a column per
 * arena type; 22–24 print the older table (see {@link CompilerMemory}) and may lack {@code minsize}
 * (no JDK 22–24 here to try), so when the JVM refuses it the sampler reads the whole table from then on.
 */
public final class CompilerMemorySampler implements Sampler {
    static final long JUMP_BYTES = 16L << 20;
    static final long MIN_GAP_NANOS = 10_000_000_000L;
    static final int TOP = 5;

    private final DiagnosticCommand commands;
    private final NmtSampler nmt;
    private long lowBytes = Long.MAX_VALUE;
    private long arenaPeakAtReadBytes;
    private long lastReadNanos;
    private boolean read;
    private boolean minsizeTaken = true;
    private volatile boolean exit;

    CompilerMemorySampler(DiagnosticCommand commands, NmtSampler nmt) {
        this.commands = commands;
        this.nmt = nmt;
    }

    /** A sampler where the JDK has {@code Compiler.memory} and NMT is sampled, else null. */
    public static CompilerMemorySampler createIfSupported(DiagnosticCommand commands, NmtSampler nmt) {
        return nmt != null && commands.has("compilerMemory") ? new CompilerMemorySampler(commands, nmt) : null;
    }

    @Override
    public String name() {
        return "compilerMemory";
    }

    @Override
    public void beforeExitSnapshot() {
        exit = true;
    }

    /** The table, the small rows left out where the JDK can (25+), else all of it. */
    private String table() {
        if (minsizeTaken) {
            try {
                return commands.invoke("compilerMemory", "minsize=1m");
            } catch (IllegalStateException refused) {
                // JDK 22-24: no 'minsize' option; the parser keeps only the largest rows anyway.
                minsizeTaken = false;
            }
        }
        return commands.invoke("compilerMemory");
    }

    @Override
    public void sample(JsonLine snapshot) {
        long compiler = nmt.lastCompilerBytes();
        if (compiler < 0) {
            return;
        }
        lowBytes = Math.min(lowBytes, compiler);
        long now = System.nanoTime();
        long arenaPeak = nmt.lastCompilerArenaPeakBytes();
        boolean rose = compiler - lowBytes >= JUMP_BYTES || arenaPeak - arenaPeakAtReadBytes >= JUMP_BYTES;
        boolean jump = rose && (!read || now - lastReadNanos >= MIN_GAP_NANOS);
        if (!jump && !exit) {
            return;
        }
        read = true;
        lastReadNanos = now;
        lowBytes = compiler;
        arenaPeakAtReadBytes = Math.max(arenaPeakAtReadBytes, arenaPeak);
        CompilerMemory memory = CompilerMemory.parse(table(), TOP);
        snapshot.beginObject("compilerMemory").field("reason", exit ? "exit" : "jump").field("compilerBytes", compiler);
        if (!memory.enabled) {
            snapshot.field("statistics", "disabled");
        } else {
            snapshot.beginArray("top");
            for (CompilerMemory.Compilation c : memory.compilations) {
                snapshot.beginElementObject().field("compiler", c.compiler).field("totalBytes", c.totalBytes);
                if (c.nodes >= 0) {
                    snapshot.field("nodes", c.nodes);
                }
                snapshot.field("result", c.result).field("method", c.method).endObject();
            }
            snapshot.endArray();
        }
        snapshot.endObject();
    }
}
