package io.bloatscope.agent.sites;

import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/** The allocating site of a JFR stack trace, chosen and formatted like {@link CallSite}. */
final class JfrFrames {
    private JfrFrames() {
    }

    /** The site's frame first, then up to three callers; empty when there is no stack. */
    static List<String> site(RecordedStackTrace stack) {
        List<String> frames = new ArrayList<>(CallSite.DISPLAY_FRAMES);
        if (stack == null) {
            return frames;
        }
        String firstOutsideAgent = null;
        for (RecordedFrame frame : stack.getFrames()) {
            RecordedMethod method = frame.getMethod();
            if (method == null || method.getType() == null) {
                continue;
            }
            String className = method.getType().getName();
            if (frames.isEmpty()) {
                if (CallSite.isAgent(className)) {
                    continue;
                }
                if (firstOutsideAgent == null) {
                    firstOutsideAgent = format(className, method.getName(), frame.getLineNumber());
                }
                if (CallSite.isJdk(className)) {
                    continue;
                }
            }
            frames.add(format(className, method.getName(), frame.getLineNumber()));
            if (frames.size() == CallSite.DISPLAY_FRAMES) {
                break;
            }
        }
        if (frames.isEmpty() && firstOutsideAgent != null) {
            frames.add(firstOutsideAgent);
        }
        return frames;
    }

    /** JFR gives no file name; the outer class's simple name + ".java" is right for all but odd sources. */
    static String format(String className, String method, int line) {
        int dot = className.lastIndexOf('.');
        String simple = className.substring(dot + 1);
        int nested = simple.indexOf('$');
        String file = (nested > 0 ? simple.substring(0, nested) : simple) + ".java";
        return CallSite.format(className, method, file, line);
    }
}
