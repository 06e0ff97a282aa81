package io.bloatscope.report.model;

/**
 * The parts RSS is split into, in stacking order. They add up to RSS exactly because
 * {@link #UNEXPLAINED} is whatever the measured parts do not cover (never negative: when the
 * sources over-explain, the report says so in its notes).
 */
public enum LedgerPart {
    JAVA_HEAP("Java heap (resident)"),
    METASPACE("Metaspace and class space"),
    CODE_CACHE("Code cache"),
    THREAD_STACKS("Thread stacks"),
    JVM_INTERNALS("GC and other JVM internals"),
    /**
     * The JIT compilers' memory: NMT {@code Compiler} (their arenas and malloc) and {@code Arena Chunk}
     * (arena chunks, in use or pooled for reuse). Without NMT it is inside malloc in use or unexplained.
     */
    JIT_COMPILER("JIT compiler (arenas)"),
    BUFFERS("Direct and mapped buffers"),
    MALLOC_IN_USE("malloc in use"),
    MALLOC_RETAINED("malloc free but resident"),
    /** File-backed RSS: the JVM's and other shared libraries, the CDS archive, mapped files and jars. */
    FILES("Mapped files (libraries, CDS archive, mapped buffers)"),
    UNEXPLAINED("Unexplained");

    public final String label;

    LedgerPart(String label) {
        this.label = label;
    }

    /** The label of a part named in JSON ({@code "JAVA_HEAP"}), or the name itself when no part has it. */
    public static String labelOf(String name) {
        for (LedgerPart part : values()) {
            if (part.name().equals(name)) {
                return part.label;
            }
        }
        return name;
    }
}
