package io.bloatscope.agent.sites;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an allocation came from: the first frame outside the JDK ({@code java.*}, {@code jdk.*},
 * {@code sun.*}, {@code com.sun.*}) and the agent, formatted {@code pkg.Class.method(File.java:42)},
 * plus a few of its callers for display.
 */
final class CallSite {
    static final int DISPLAY_FRAMES = 4;
    private static final int MAX_WALK = 64;
    private static final StackWalker WALKER = StackWalker.getInstance();

    final String frame;
    final List<String> frames;

    CallSite(String frame, List<String> frames) {
        this.frame = frame;
        this.frames = frames;
    }

    /** The caller's site, found by walking at most {@value #MAX_WALK} frames of this thread. */
    static CallSite here() {
        return WALKER.walk(stream -> {
            List<String> frames = new ArrayList<>(DISPLAY_FRAMES);
            String firstOutsideAgent = null;
            for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) stream.limit(MAX_WALK)::iterator) {
                String className = frame.getClassName();
                if (frames.isEmpty()) {
                    if (isAgent(className)) {
                        continue;
                    }
                    if (firstOutsideAgent == null) {
                        firstOutsideAgent = format(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
                                frame.getLineNumber());
                    }
                    if (isJdk(className)) {
                        continue;
                    }
                }
                frames.add(format(className, frame.getMethodName(), frame.getFileName(), frame.getLineNumber()));
                if (frames.size() == DISPLAY_FRAMES) {
                    break;
                }
            }
            if (frames.isEmpty()) {
                String only = firstOutsideAgent == null ? "(unknown)" : firstOutsideAgent;
                return new CallSite(only, List.of(only));
            }
            return new CallSite(frames.get(0), List.copyOf(frames));
        });
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
