package io.bloatscope.junit;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Netty's own leak detection around one leak test, when Netty's buffers are on the test's class
 * path: {@code ResourceLeakDetector} at {@code PARANOID} (every buffer tracked, every access
 * recorded) for the test's duration, and the leaks it finds captured as its records say them:
 * where each buffer was last touched and where it was allocated.
 *
 * <p>Why this and not only the extension's measures: a pool hands a leaked buffer's memory out of
 * a chunk it already holds, so a test that leaks a megabyte grows neither the pool nor the JDK's
 * buffer pools, and its live heap grows only by the buffers' small wrappers. Netty knows exactly:
 * a tracked buffer collected before its {@code release()} is a leak.
 *
 * <p>How, reflectively (no compile dependency on Netty): the level through the public
 * {@code getLevel}/{@code setLevel}; the records through a {@code LeakListener} (a JDK proxy)
 * set on the buffers' detector, {@code AbstractByteBuf.leakDetector}. The listener is Netty's
 * public hook (4.2, and 4.1 since it has {@code setLeakListener}) and is called for every leak,
 * even one whose records Netty logged before, whatever logging backend the test uses; a
 * detector factory would have to be installed before Netty's first buffer, and log capture
 * depends on the backend. Netty looks for collected buffers only when it tracks a new one, so
 * after the last repetition this collects and runs the detector's poll itself. The previous
 * level and listener are put back afterwards, and leaks are passed on to a listener the test's
 * code had set.
 */
final class NettyLeaks implements AutoCloseable {
    /** Distinct records kept for the message; every leak is counted. */
    static final int MAX_RECORDS = 3;
    /** Frames kept per record section after Netty's own frames: the caller and its callers. */
    static final int FRAMES_AFTER_NETTY = 4;
    /** Where frames were cut; without their count, which differs between records of the same leak. */
    static final String CUT = "\t...";
    private static final NettyLeaks ABSENT = new NettyLeaks();

    private final Object detector;
    private final Method setLevel;
    private final Object previousLevel;
    private final Method setListener;
    private final Method onLeak;
    private final Object previousListener;
    private final Method poll;
    private final Set<String> records = new LinkedHashSet<>();
    private int leaks;
    private String resourceType = "ByteBuf";

    private NettyLeaks() {
        detector = null;
        setLevel = null;
        previousLevel = null;
        setListener = null;
        onLeak = null;
        previousListener = null;
        poll = null;
    }

    private NettyLeaks(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName("io.netty.util.ResourceLeakDetector", true, loader);
        Class<?> level = Class.forName("io.netty.util.ResourceLeakDetector$Level", true, loader);
        Class<?> listener = Class.forName("io.netty.util.ResourceLeakDetector$LeakListener", true, loader);
        Field detectorField = Class.forName("io.netty.buffer.AbstractByteBuf", true, loader).getDeclaredField("leakDetector");
        detectorField.setAccessible(true);
        detector = detectorField.get(null);
        Field listenerField = type.getDeclaredField("leakListener");
        listenerField.setAccessible(true);
        poll = type.getDeclaredMethod("reportLeak");
        poll.setAccessible(true);
        setListener = type.getMethod("setLeakListener", listener);
        onLeak = listener.getMethod("onLeak", String.class, String.class);
        setLevel = type.getMethod("setLevel", level);
        // Leaks of buffers collected before the test are reported to whoever listened before.
        System.gc();
        poll.invoke(detector);
        previousLevel = type.getMethod("getLevel").invoke(null);
        previousListener = listenerField.get(detector);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("onLeak") && args != null && args.length == 2) {
                record((String) args[0], (String) args[1]);
                return null;
            }
            if (method.getName().equals("equals")) {
                return proxy == args[0];
            }
            return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "bloatscope leak test listener";
        };
        setListener.invoke(detector, Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener}, handler));
        setLevel.invoke(null, paranoid(level));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object paranoid(Class<?> level) {
        return Enum.valueOf((Class) level, "PARANOID");
    }

    /** Netty's detection switched on for {@code loader}'s Netty, or nothing when Netty's buffers are absent there. */
    static NettyLeaks start(ClassLoader loader) {
        try {
            return new NettyLeaks(loader);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
            // No Netty, or one without a leak listener: the test runs as without Netty.
            return ABSENT;
        }
    }

    /** Netty's detection left as it is ({@code @LeakTest(nettyLeakDetection = false)}). */
    static NettyLeaks none() {
        return ABSENT;
    }

    boolean active() {
        return detector != null;
    }

    private void record(String type, String trace) {
        synchronized (records) {
            leaks++;
            resourceType = type;
            if (records.size() < MAX_RECORDS) {
                records.add(trim(trace));
            }
        }
        if (previousListener != null) {
            try {
                onLeak.invoke(previousListener, type, trace);
            } catch (ReflectiveOperationException | RuntimeException theirs) {
                // The test's own listener failing is not this test's verdict.
            }
        }
    }

    /**
     * The failure text for the leaks Netty found during the test, or null when it found none:
     * collects once more so buffers dropped in the last repetitions are found too.
     */
    String failure() throws InterruptedException {
        if (!active()) {
            return null;
        }
        System.gc();
        Thread.sleep(10);
        System.gc();
        try {
            poll.invoke(detector);
        } catch (ReflectiveOperationException | RuntimeException unpolled) {
            // What the repetitions' own allocations found still counts.
        }
        synchronized (records) {
            if (leaks == 0) {
                return null;
            }
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "  Netty's leak detector (PARANOID during the test) found %d leaked %s%s: released neither by the"
                            + " test nor before collection. %s:",
                    leaks, resourceType, leaks == 1 ? "" : "s",
                    records.size() == 1 ? "Its record" : "The first " + records.size() + " distinct records"));
            for (String record : records) {
                text.append('\n').append(record.indent(4).stripTrailing());
            }
            return text.toString();
        }
    }

    /** Puts Netty's level and listener back as they were before the test. */
    @Override
    public void close() {
        if (!active()) {
            return;
        }
        try {
            setLevel.invoke(null, previousLevel);
            setListener.invoke(detector, previousListener);
        } catch (ReflectiveOperationException | RuntimeException failed) {
            // Both were callable moments ago; nothing more to do than leave them.
        }
    }

    /**
     * One record, each section ("#1:", "Created at:") cut after Netty's frames and the code that
     * called them, at most {@value #FRAMES_AFTER_NETTY} frames of it: the frames from the first
     * reflective call on (how the test framework reached the test) are the same in every record
     * and would only bury the one line that matters.
     */
    static String trim(String record) {
        List<String> kept = new ArrayList<>();
        int afterNetty = -1;
        int dropped = 0;
        for (String line : record.split("\r?\n")) {
            if (!line.startsWith("\t") && !line.startsWith(" ")) {
                if (dropped > 0) {
                    kept.add(CUT);
                }
                afterNetty = -1;
                dropped = 0;
                kept.add(line.strip());
                continue;
            }
            String at = line.strip();
            if (afterNetty < 0 && !at.startsWith("io.netty.")) {
                afterNetty = 0;
            }
            if (dropped > 0 || afterNetty >= FRAMES_AFTER_NETTY || (afterNetty >= 0 && reflective(at))) {
                dropped++;
            } else {
                kept.add("\t" + at);
                afterNetty += afterNetty >= 0 ? 1 : 0;
            }
        }
        if (dropped > 0) {
            kept.add(CUT);
        }
        return String.join("\n", kept).strip();
    }

    private static boolean reflective(String frame) {
        String at = frame.startsWith("java.base/") ? frame.substring("java.base/".length()) : frame;
        return at.startsWith("jdk.internal.reflect.") || at.startsWith("java.lang.reflect.")
                || at.startsWith("org.junit.") || at.startsWith(LeakTestExtension.class.getName() + ".");
    }
}
