package io.bloatscope.agent.os;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * jemalloc's {@code int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp,
 * size_t newlen)}, called through the FFM API of JDK 22+ ({@code java.lang.foreign}, final from 22).
 * The agent is built for JDK 17, so every FFM type is reached by reflection at run time and the
 * downcall handle is adapted to a signature of plain {@code Object}s that compiles on 17.
 *
 * <p>The symbol is looked up in the library the header names ({@code SymbolLookup.libraryLookup}
 * on its path, kept for the JVM's life): the default lookup may not see a preloaded library's
 * symbols. Names and the two buffers are allocated once in the global arena; a read allocates
 * nothing native. Not thread-safe: the sampling thread alone calls it.
 *
 * <p>{@code libraryLookup} and {@code downcallHandle} are <em>restricted</em> methods: on JDK 22+,
 * without {@code --enable-native-access} for the agent's (unnamed) module, the JDK prints a warning
 * on the application's standard error the first time (and {@code --illegal-native-access=deny}
 * makes them throw). {@link JemallocSampler} decides whether to create this at all.
 */
final class Mallctl {
    private final MethodHandle call;
    private final Method getLong;
    private final Method setLong;
    private final Object longLayout;
    private final Object nullSegment;
    private final Object value;
    private final Object size;
    private final Arena arena;

    /** The global arena and its {@code allocateFrom(String)} and {@code allocate(long, long)}. */
    private static final class Arena {
        final Object global;
        final Method allocateString;
        final Method allocate;

        Arena(Object global, Method allocateString, Method allocate) {
            this.global = global;
            this.allocateString = allocateString;
            this.allocate = allocate;
        }

        Object cString(String text) throws Exception {
            return allocateString.invoke(global, text);
        }
    }

    private Mallctl(MethodHandle call, Method getLong, Method setLong, Object longLayout, Object nullSegment,
            Object value, Object size, Arena arena) {
        this.call = call;
        this.getLong = getLong;
        this.setLong = setLong;
        this.longLayout = longLayout;
        this.nullSegment = nullSegment;
        this.value = value;
        this.size = size;
        this.arena = arena;
    }

    /**
     * Binds {@code mallctl} in the library at {@code libraryPath}. Throws (with a message fit for one
     * log line) when this JDK has no final FFM API, or the library or symbol is missing.
     */
    static Mallctl bind(String libraryPath) throws Exception {
        if (Runtime.version().feature() < 22) {
            throw new UnsupportedOperationException("the FFM API is final from JDK 22 on; this is JDK "
                    + Runtime.version().feature());
        }
        Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
        Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> valueLayouts = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> ofLong = Class.forName("java.lang.foreign.ValueLayout$OfLong");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> allocatorType = Class.forName("java.lang.foreign.SegmentAllocator");

        Object global = arenaType.getMethod("global").invoke(null);
        Object lookup = lookupType.getMethod("libraryLookup", String.class, arenaType).invoke(null, libraryPath, global);
        Optional<?> symbol = (Optional<?>) lookupType.getMethod("find", String.class).invoke(lookup, "mallctl");
        if (symbol.isEmpty()) {
            throw new IllegalStateException("no symbol mallctl in " + libraryPath);
        }
        Object jint = valueLayouts.getField("JAVA_INT").get(null);
        Object jlong = valueLayouts.getField("JAVA_LONG").get(null);
        Object address = valueLayouts.getField("ADDRESS").get(null);
        Object layouts = java.lang.reflect.Array.newInstance(layoutType, 5);
        java.lang.reflect.Array.set(layouts, 0, address); // name
        java.lang.reflect.Array.set(layouts, 1, address); // oldp
        java.lang.reflect.Array.set(layouts, 2, address); // oldlenp
        java.lang.reflect.Array.set(layouts, 3, address); // newp
        java.lang.reflect.Array.set(layouts, 4, jlong);   // newlen (size_t: 64 bits on the platforms served)
        Object descriptor = descriptorType.getMethod("of", layoutType, layouts.getClass()).invoke(null, jint, layouts);
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                java.lang.reflect.Array.newInstance(optionType, 0).getClass())
                .invoke(linker, symbol.get(), descriptor, java.lang.reflect.Array.newInstance(optionType, 0));
        MethodHandle generic = handle.asType(MethodType.methodType(Object.class, Object.class, Object.class,
                Object.class, Object.class, Object.class));
        Arena arena = new Arena(global, allocatorType.getMethod("allocateFrom", String.class),
                allocatorType.getMethod("allocate", long.class, long.class));
        Object value = arena.allocate.invoke(global, 8L, 8L);
        Object size = arena.allocate.invoke(global, 8L, 8L);
        Object nullSegment = segmentType.getField("NULL").get(null);
        return new Mallctl(generic, segmentType.getMethod("get", ofLong, long.class),
                segmentType.getMethod("set", ofLong, long.class, long.class), jlong, nullSegment, value, size, arena);
    }

    /** A name as a C string, to pass to {@link #write} and {@link #read} on every call. */
    Object name(String name) throws Exception {
        return arena.cString(name);
    }

    /** Writes a 64-bit value ({@code epoch}: refreshes the statistics jemalloc caches). */
    void write(Object name, String printable, long newValue) throws Throwable {
        setLong.invoke(value, longLayout, 0L, newValue);
        check(printable, call.invokeExact(name, nullSegment, nullSegment, value, (Object) 8L));
    }

    /** Reads a {@code size_t} or {@code uint64_t} statistic. */
    long read(Object name, String printable) throws Throwable {
        setLong.invoke(size, longLayout, 0L, 8L);
        check(printable, call.invokeExact(name, value, size, nullSegment, (Object) 0L));
        long length = (long) getLong.invoke(size, longLayout, 0L);
        if (length != 8) {
            throw new IllegalStateException("mallctl(\"" + printable + "\") gave " + length + " bytes, not 8");
        }
        return (long) getLong.invoke(value, longLayout, 0L);
    }

    private static void check(String printable, Object result) {
        int error = (Integer) result;
        if (error != 0) {
            // ENOENT: a jemalloc built without statistics (--disable-stats) has no stats.* names
            throw new IllegalStateException("mallctl(\"" + printable + "\") returned error " + error
                    + (error == 2 ? " (ENOENT: this jemalloc has no such statistic)" : ""));
        }
    }
}
