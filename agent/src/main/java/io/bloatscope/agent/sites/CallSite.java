package io.bloatscope.agent.sites;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where an allocation came from: the first frame outside the JDK ({@code java.*}, {@code jdk.*},
 * {@code sun.*}, {@code com.sun.*}), the agent <em>and known allocation layers</em>, formatted
 * {@code pkg.Class.method(File.java:42)}, plus a few of its callers for display.
 *
 * <p>An allocation layer is a library that allocates on the application's behalf: Netty's
 * {@code io.netty.buffer} (its pooled allocator allocates a whole chunk, 4–16 MB, for the buffer
 * that happened to need one) and {@code io.netty.util.internal} (its Cleaner and Unsafe helpers),
 * plus any prefixes of the {@code siteSkip} option. Charging the chunk to
 * {@code CleanerJava9.allocate} would name the same frame for every pooled buffer of the
 * application; the frame that asked the pool is the one a reader can change. The layer's frames
 * (at most {@value #LAYER_FRAMES}, nearest the allocation first: Netty 4.2 on JDK 25 reaches
 * {@code PoolArena.newChunk} 5 frames above {@code CleanerJava25$Arenas.allocate}) are kept in front of the site for
 * display, and {@link #via} names the layer. Netty's path from the application's
 * {@code directBuffer()} to {@code ByteBuffer.allocateDirect} is 10–12 frames, well inside the
 * {@value #MAX_WALK} walked.
 *
 * <p>Formatting a frame asks the JVM for its source file and line, which costs microseconds, far
 * more than the walk. So a site is found by the identity of its frame (class, method and bytecode
 * index, all cheap to read) in a bounded cache, and only a frame seen for the first time is
 * formatted. The callers shown are those of that first sighting, as for the site itself.
 */
final class CallSite {
    static final int DISPLAY_FRAMES = 4;
    static final int LAYER_FRAMES = 8;
    static final List<String> DEFAULT_LAYERS = List.of("io.netty.buffer.", "io.netty.util.internal.");
    /** Set once at start from the {@code siteSkip} option (before any advice runs), read by every walk. */
    private static volatile String[] layers = DEFAULT_LAYERS.toArray(new String[0]);
    private static final int MAX_WALK = 64;
    /** Distinct frames remembered; beyond, a new frame is formatted on every walk (still correct). */
    static final int MAX_CACHED = 4096;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Map<FrameKey, CallSite> CACHE = new ConcurrentHashMap<>();

    final String frame;
    final List<String> frames;
    /** The allocation layer the allocation went through, e.g. "Netty's pooled allocator, PoolArena.newChunk"; null when none. */
    final String via;

    CallSite(String frame, List<String> frames) {
        this(frame, frames, null);
    }

    CallSite(String frame, List<String> frames, String via) {
        this.frame = frame;
        this.frames = frames;
        this.via = via;
    }

    /** The known layers plus the {@code siteSkip} prefixes. */
    static void skip(List<String> extraPrefixes) {
        List<String> all = new ArrayList<>(DEFAULT_LAYERS);
        all.addAll(extraPrefixes);
        layers = all.toArray(new String[0]);
        CACHE.clear();
    }

    static boolean isLayer(String className) {
        for (String prefix : layers) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** "Netty's pooled allocator, PoolArena.newChunk": the layer by its first frame's class and method. */
    static String describeLayer(String className, String method) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        String shown = (nested > 0 ? simple.substring(0, nested) : simple) + "." + method;
        if (className.startsWith("io.netty.buffer.Pool")) {
            return "Netty's pooled allocator, " + shown;
        }
        if (className.startsWith("io.netty.")) {
            return "Netty, " + shown;
        }
        return className + "." + method;
    }

    /** The caller's site, found by walking at most {@value #MAX_WALK} frames of this thread. */
    static CallSite here() {
        return WALKER.walk(CallSite::find);
    }

    private static CallSite find(Stream<StackWalker.StackFrame> stream) {
        Iterator<StackWalker.StackFrame> walk = stream.limit(MAX_WALK).iterator();
        StackWalker.StackFrame firstOutsideAgent = null;
        List<StackWalker.StackFrame> layer = null;
        while (walk.hasNext()) {
            StackWalker.StackFrame frame = walk.next();
            String className = frame.getClassName();
            if (isAgent(className)) {
                continue;
            }
            if (firstOutsideAgent == null) {
                firstOutsideAgent = frame;
            }
            if (isJdk(className)) {
                continue;
            }
            if (isLayer(className)) {
                if (layer == null) {
                    layer = new ArrayList<>(LAYER_FRAMES);
                }
                if (layer.size() < LAYER_FRAMES) {
                    layer.add(frame);
                }
                continue;
            }
            // Through a layer the site's identity includes the layer's first frame: the same
            // application line allocating directly and through a pool are two sites.
            FrameKey key = new FrameKey(layer == null ? className : className + " via " + layer.get(0).getClassName(),
                    frame.getMethodName(), frame.getByteCodeIndex());
            CallSite known = CACHE.get(key);
            if (known != null) {
                return known;
            }
            List<String> frames = new ArrayList<>(DISPLAY_FRAMES + LAYER_FRAMES);
            String via = null;
            if (layer != null) {
                StackWalker.StackFrame named = layer.get(0);
                for (StackWalker.StackFrame f : layer) {
                    // the pool's own frame says more than its Cleaner helper, and a new chunk most
                    if (f.getClassName().startsWith("io.netty.buffer.") && (named == layer.get(0)
                            || f.getMethodName().contains("Chunk"))) {
                        named = f;
                    }
                }
                via = describeLayer(named.getClassName(), named.getMethodName());
                for (StackWalker.StackFrame f : layer) {
                    frames.add(format(f));
                }
            }
            String siteFrame = format(frame);
            frames.add(siteFrame);
            int callers = 0;
            while (callers < DISPLAY_FRAMES - 1 && walk.hasNext()) {
                frames.add(format(walk.next()));
                callers++;
            }
            CallSite site = new CallSite(siteFrame, List.copyOf(frames), via);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(key, site);
            }
            return site;
        }
        if (layer != null) {
            // only the layer and the JDK on the walked stack (a pool's own thread): the layer is the site
            String only = format(layer.get(0));
            return new CallSite(only, List.of(only), describeLayer(layer.get(0).getClassName(), layer.get(0).getMethodName()));
        }
        String only = firstOutsideAgent == null ? "(unknown)" : format(firstOutsideAgent);
        return new CallSite(only, List.of(only));
    }

    private static String format(StackWalker.StackFrame frame) {
        return format(frame.getClassName(), frame.getMethodName(), frame.getFileName(), frame.getLineNumber());
    }

    /** A frame's identity without its source position (which is what costs to read). */
    private static final class FrameKey {
        private final String className;
        private final String method;
        private final int bytecodeIndex;
        private final int hash;

        FrameKey(String className, String method, int bytecodeIndex) {
            this.className = className;
            this.method = method;
            this.bytecodeIndex = bytecodeIndex;
            this.hash = (className.hashCode() * 31 + method.hashCode()) * 31 + bytecodeIndex;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof FrameKey)) {
                return false;
            }
            FrameKey that = (FrameKey) other;
            return bytecodeIndex == that.bytecodeIndex && className.equals(that.className) && method.equals(that.method);
        }
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.");
    }

    static boolean isAgent(String className) {
        return className.startsWith("io.bloatscope.agent.") || className.startsWith("io.bloatscope.shaded.");
    }

    static String format(String className, String method, String file, int line) {
        StringBuilder text = new StringBuilder(className.length() + method.length() + 24);
        text.append(className).append('.').append(method).append('(');
        if (file == null) {
            text.append("Unknown Source");
        } else {
            text.append(file);
            if (line >= 0) {
                text.append(':').append(line);
            }
        }
        return text.append(')').toString();
    }
}
