package io.bloatscope.agent.sites;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where an allocation came from: the first frame outside the JDK ({@code java.*}, {@code jdk.*},
 * {@code sun.*}, {@code com.sun.*}) and the agent, formatted {@code pkg.Class.method(File.java:42)},
 * plus a few of its callers for display.
 *
 * <p>Formatting a frame asks the JVM for its source file and line, which costs microseconds, far
 * more than the walk. So a site is found by the identity of its frame (class, method and bytecode
 * index, all cheap to read) in a bounded cache, and only a frame seen for the first time is
 * formatted. The callers shown are those of that first sighting, as for the site itself.
 */
final class CallSite {
    static final int DISPLAY_FRAMES = 4;
    private static final int MAX_WALK = 64;
    /** Distinct frames remembered; beyond, a new frame is formatted on every walk (still correct). */
    static final int MAX_CACHED = 4096;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Map<FrameKey, CallSite> CACHE = new ConcurrentHashMap<>();

    final String frame;
    final List<String> frames;

    CallSite(String frame, List<String> frames) {
        this.frame = frame;
        this.frames = frames;
    }

    /** The caller's site, found by walking at most {@value #MAX_WALK} frames of this thread. */
    static CallSite here() {
        return WALKER.walk(CallSite::find);
    }

    private static CallSite find(Stream<StackWalker.StackFrame> stream) {
        Iterator<StackWalker.StackFrame> walk = stream.limit(MAX_WALK).iterator();
        StackWalker.StackFrame firstOutsideAgent = null;
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
            FrameKey key = new FrameKey(className, frame.getMethodName(), frame.getByteCodeIndex());
            CallSite known = CACHE.get(key);
            if (known != null) {
                return known;
            }
            List<String> frames = new ArrayList<>(DISPLAY_FRAMES);
            frames.add(format(frame));
            while (frames.size() < DISPLAY_FRAMES && walk.hasNext()) {
                frames.add(format(walk.next()));
            }
            CallSite site = new CallSite(frames.get(0), List.copyOf(frames));
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(key, site);
            }
            return site;
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
