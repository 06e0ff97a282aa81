package io.bloatscope.junit;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
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
 * <p>How, reflectively (no compile dependency on Netty) and through Netty's public API: the level
 * through {@code ResourceLeakDetector.getLevel}/{@code setLevel}; the records through a
 * {@code LeakListener} (a JDK proxy) set with {@code ByteBufUtil.setLeakListener} (Netty 4.2, and
 * 4.1 since 4.1.95, netty/netty#13466), which Netty calls for every leak, even one whose records
 * it logged before, whatever logging backend the test uses; a detector factory would have to be
 * installed before Netty's first buffer, and log capture depends on the backend. Netty looks for
 * collected buffers only when it tracks a new one, so after the last repetition this collects and
 * has Netty track one more. The previous level and listener are put back afterwards, and leaks
 * are passed on to a listener the test's code had set.
 */
final class NettyLeaks implements AutoCloseable {
    /** Distinct records kept for the message; every leak is counted. */
    static final int MAX_RECORDS = 3;
    /** Frames kept per record section after Netty's own frames: the caller and its callers. */
    static final int FRAMES_AFTER_NETTY = 4;
    /** Where frames were cut; without their count, which differs between records of the same leak. */
    static final String CUT = "\t...";
    /** How long a round of {@link #collectAndPoll} waits for the collection's references to be enqueued. */
    private static final long SENTINEL_WAIT_MILLIS = 1000;
    private static final NettyLeaks ABSENT = new NettyLeaks();

    private final Method setLevel;
    private final Object previousLevel;
    private final Method setListener;
    private final Method onLeak;
    private final Object previousListener;
    private final Method unpooledBuffer;
    private final Method release;
    private final Set<String> records = new LinkedHashSet<>();
    private int leaks;
    private String resourceType = "ByteBuf";

    private NettyLeaks() {
        setLevel = null;
        previousLevel = null;
        setListener = null;
        onLeak = null;
        previousListener = null;
        unpooledBuffer = null;
        release = null;
    }

    private NettyLeaks(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = Class.forName("io.netty.util.ResourceLeakDetector", true, loader);
        Class<?> level = Class.forName("io.netty.util.ResourceLeakDetector$Level", true, loader);
        Class<?> listener = Class.forName("io.netty.util.ResourceLeakDetector$LeakListener", true, loader);
        setListener = Class.forName("io.netty.buffer.ByteBufUtil", true, loader).getMethod("setLeakListener", listener);
        onLeak = listener.getMethod("onLeak", String.class, String.class);
        unpooledBuffer = Class.forName("io.netty.buffer.Unpooled", true, loader).getMethod("directBuffer", int.class);
        release = Class.forName("io.netty.util.ReferenceCounted", true, loader).getMethod("release");
        setLevel = type.getMethod("setLevel", level);
        previousLevel = type.getMethod("getLevel").invoke(null);
        previousListener = currentListener(type, loader);
        setLevel.invoke(null, paranoid(level));
        try {
            // Leaks of buffers collected before the test go to whoever listened before.
            collectAndPoll();
        } catch (ReflectiveOperationException | RuntimeException failed) {
            setLevel.invoke(null, previousLevel);
            throw failed;
        }
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
        try {
            setListener.invoke(null, Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[] {listener}, handler));
        } catch (ReflectiveOperationException | RuntimeException failed) {
            setLevel.invoke(null, previousLevel);
            throw failed;
        }
    }

    /**
     * The listener the test's code set on the buffers' detector, to pass leaks on to and put back.
     * Netty has no getter: it is read from the detector's private field, and taken as none where
     * Netty's packages are closed to reflection (an explicit module that does not open them).
     */
    private static Object currentListener(Class<?> type, ClassLoader loader) {
        try {
            Field detector = Class.forName("io.netty.buffer.AbstractByteBuf", true, loader).getDeclaredField("leakDetector");
            detector.setAccessible(true);
            Field listener = type.getDeclaredField("leakListener");
            listener.setAccessible(true);
            return listener.get(detector.get(null));
        } catch (ReflectiveOperationException | RuntimeException closed) {
            return null;
        }
    }

    /**
     * Collects, and lets Netty look for the buffers collected: it does so when it tracks a new
     * one, which at {@code PARANOID} is every buffer, so one unpooled direct byte allocated and
     * released is enough (a direct one: Netty tracks no unpooled heap buffer). A collected buffer reaches Netty's queue only when the JDK's reference handler
     * thread has enqueued its tracker, after the collection: each round waits for a sentinel of
     * its own to be enqueued first, and a second round finds what the first was too early for
     * (without it, a leak of the last repetitions was now and then counted in the next test).
     */
    private void collectAndPoll() throws ReflectiveOperationException {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
            System.gc();
            try {
                queue.remove(SENTINEL_WAIT_MILLIS);
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            release.invoke(unpooledBuffer.invoke(null, 1));
            sentinel.clear();
        }
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
        return setListener != null;
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
    String failure() {
        if (!active()) {
            return null;
        }
        try {
            collectAndPoll();
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
            setListener.invoke(null, previousListener);
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
