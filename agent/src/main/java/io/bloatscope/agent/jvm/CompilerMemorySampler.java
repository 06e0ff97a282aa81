package io.bloatscope.agent.jvm;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;

/**
 * Names the compilations behind a jump of the JIT compiler's memory: when NMT's {@code Compiler} +
 * {@code Arena Chunk} rise {@link #JUMP_BYTES} above their low since the last read, and once at
 * exit, it runs {@code Compiler.memory} (JDK 22+) and writes the largest compilations:
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
 */
public final class CompilerMemorySampler implements Sampler {
    static final long JUMP_BYTES = 16L << 20;
    static final long MIN_GAP_NANOS = 10_000_000_000L;
    static final int TOP = 5;

    private final DiagnosticCommand commands;
    private final NmtSampler nmt;
    private long lowBytes = Long.MAX_VALUE;
    private long lastReadNanos;
    private boolean read;
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

    @Override
    public void sample(JsonLine snapshot) {
        long compiler = nmt.lastCompilerBytes();
        if (compiler < 0) {
            return;
        }
        lowBytes = Math.min(lowBytes, compiler);
        long now = System.nanoTime();
        boolean jump = compiler - lowBytes >= JUMP_BYTES && (!read || now - lastReadNanos >= MIN_GAP_NANOS);
        if (!jump && !exit) {
            return;
        }
        read = true;
        lastReadNanos = now;
        lowBytes = compiler;
        CompilerMemory memory = CompilerMemory.parse(commands.invoke("compilerMemory", "minsize=1m"), TOP);
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
