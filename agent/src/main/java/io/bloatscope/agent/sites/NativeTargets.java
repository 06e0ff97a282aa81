package io.bloatscope.agent.sites;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The JDK classes each native instrumentation weaves its advice into. */
public final class NativeTargets {
    static final String BYTE_BUFFER = "java.nio.ByteBuffer";
    static final String INFLATER = "java.util.zip.Inflater";
    static final String DEFLATER = "java.util.zip.Deflater";
    static final String ZIP_FILE = "java.util.zip.ZipFile";
    static final String THREAD = "java.lang.Thread";
    static final String FILE_CHANNEL = "sun.nio.ch.FileChannelImpl";
    static final String UNSAFE = "jdk.internal.misc.Unsafe";

    private NativeTargets() {
    }

    /** Every target, for {@code weave}, which loads them all so that each is woven. */
    public static List<String> all() {
        return List.of(BYTE_BUFFER, INFLATER, DEFLATER, ZIP_FILE, THREAD, FILE_CHANNEL, UNSAFE);
    }

    /**
     * The one instrumentation that changes this class ({@code java/lang/Thread} or
     * {@code java.lang.Thread}), or null: each kind changes classes of its own, so a class's woven
     * bytes depend on that kind alone, whichever others are on.
     */
    static String kindOf(String className) {
        return switch (className.replace('/', '.')) {
            case BYTE_BUFFER -> "direct";
            case INFLATER, DEFLATER -> "inflater";
            case ZIP_FILE -> "zip";
            case THREAD -> "threads";
            case FILE_CHANNEL -> "mmap";
            case UNSAFE -> "unsafe";
            default -> null;
        };
    }

    /** The binary names of the classes the given instrumentations change. */
    static Set<String> of(Set<String> kinds) {
        Set<String> names = new LinkedHashSet<>();
        if (kinds.contains("direct")) {
            names.add(BYTE_BUFFER);
        }
        if (kinds.contains("inflater")) {
            names.add(INFLATER);
            names.add(DEFLATER);
        }
        if (kinds.contains("zip")) {
            names.add(ZIP_FILE);
        }
        if (kinds.contains("threads")) {
            names.add(THREAD);
        }
        if (kinds.contains("mmap")) {
            names.add(FILE_CHANNEL);
        }
        if (kinds.contains("unsafe")) {
            names.add(UNSAFE);
        }
        return Set.copyOf(names);
    }
}
