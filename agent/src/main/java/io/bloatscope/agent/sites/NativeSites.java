package io.bloatscope.agent.sites;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bloatscope.agent.bridge.NativeBridge;
import io.bloatscope.agent.log.AgentLog;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;

/**
 * Installs native site tracking: puts the bridge on the bootstrap class path (once per JVM),
 * lets {@code java.base} read it, retransforms the chosen JDK classes (already loaded ones too, so
 * it works at premain and at attach) and plugs a {@link NativeTracker} into the bridge.
 * {@link #uninstall} takes the advice out again and unplugs the tracker.
 */
public final class NativeSites {
    /** zlib's inflate state (~7 KB) plus its 32 KB window; an estimate, zlib allocates lazily. */
    static final long INFLATER_BYTES = 39L << 10;
    /** zlib's deflate state at the default window and memory level: window, prev, head, pending. */
    static final long DEFLATER_BYTES = 268L << 10;

    private static final Logger LOG = AgentLog.get(NativeSites.class);

    private final Instrumentation instrumentation;
    private final ResettableClassFileTransformer transformer;
    final NativeTracker tracker;

    private NativeSites(Instrumentation instrumentation, ResettableClassFileTransformer transformer,
            NativeTracker tracker) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.tracker = tracker;
    }

    /**
     * @param kinds the instrumentations wanted, as {@link NativeBridge#KIND_NAMES} indexes
     *     ({@code inflater} stands for Inflater and Deflater)
     */
    public static NativeSites install(Instrumentation instrumentation, Set<String> kinds, int maxSites,
            long unsafeSampleBytes) throws IOException {
        // BridgeInjector.inject(instrumentation) ran before this class was loaded (see its comment).
        Module bridgeModule = NativeBridge.class.getModule();
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(bridgeModule), Map.of(),
                Map.of("java.lang", Set.of(NativeSites.class.getModule())), Set.of(), Map.of());
        NativeTracker tracker = new NativeTracker(maxSites, unsafeSampleBytes, threadStackBytes());
        NativeBridge.install(tracker);
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureLog())
                .ignore(none());
        if (kinds.contains("direct")) {
            builder = advise(builder, "java.nio.ByteBuffer", NativeAdvice.AllocateDirect.class,
                    named("allocateDirect").and(takesArguments(int.class)));
        }
        if (kinds.contains("inflater")) {
            // Only the constructor the others delegate to (this(...)), so each object counts once.
            builder = builder.type(named("java.util.zip.Inflater")).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.InflaterCreated.class).on(isConstructor()
                            .and(takesArguments(boolean.class))))
                    .visit(Advice.to(NativeAdvice.InflaterEnded.class).on(named("end").and(takesArguments(0)))));
            builder = builder.type(named("java.util.zip.Deflater")).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.DeflaterCreated.class).on(isConstructor()
                            .and(takesArguments(int.class, boolean.class))))
                    .visit(Advice.to(NativeAdvice.DeflaterEnded.class).on(named("end").and(takesArguments(0)))));
        }
        if (kinds.contains("zip")) {
            builder = builder.type(named("java.util.zip.ZipFile")).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.ZipOpened.class).on(isConstructor().and(takesArguments(3))
                            .and(takesArgument(0, java.io.File.class)).and(takesArgument(1, int.class))))
                    .visit(Advice.to(NativeAdvice.ZipClosed.class).on(named("close").and(takesArguments(0)))));
        }
        if (kinds.contains("threads")) {
            builder = advise(builder, "java.lang.Thread", NativeAdvice.ThreadStarted.class,
                    named("start").and(takesArguments(0)));
        }
        if (kinds.contains("mmap")) {
            builder = advise(builder, "sun.nio.ch.FileChannelImpl", NativeAdvice.Mapped.class,
                    named("map").and(takesArguments(3)).and(takesArgument(1, long.class)));
        }
        if (kinds.contains("unsafe")) {
            builder = builder.type(named("jdk.internal.misc.Unsafe")).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.UnsafeAllocate.class).on(named("allocateMemory")
                            .and(takesArguments(long.class))))
                    .visit(Advice.to(NativeAdvice.UnsafeReallocate.class).on(named("reallocateMemory")
                            .and(takesArguments(long.class, long.class))))
                    .visit(Advice.to(NativeAdvice.UnsafeFree.class).on(named("freeMemory")
                            .and(takesArguments(long.class)))));
        }
        ResettableClassFileTransformer transformer = builder.installOn(instrumentation);
        LOG.debug("native site tracking on for {}", kinds);
        return new NativeSites(instrumentation, transformer, tracker);
    }

    private static AgentBuilder advise(AgentBuilder builder, String type, Class<?> advice,
            net.bytebuddy.matcher.ElementMatcher<? super net.bytebuddy.description.method.MethodDescription> method) {
        return builder.type(named(type)).transform((b, t, loader, module, domain) -> b.visit(Advice.to(advice).on(method)));
    }

    /** Takes the advice out of the JDK classes and unplugs the tracker. */
    public void uninstall() {
        NativeBridge.install(null);
        try {
            transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        } catch (Throwable failure) {
            LOG.warn("could not take native site advice out of the JDK ({}); it stays inert", failure.toString());
        }
    }

    /** A thread's reserved stack: its requested size, else the JVM's ThreadStackSize. */
    private static java.util.function.ToLongFunction<Thread> threadStackBytes() {
        long defaultBytes = defaultStackBytes();
        Field direct = field(Thread.class, "stackSize");
        Field holder = direct == null ? field(Thread.class, "holder") : null;
        Field holderStack = holder == null ? null : field(holder.getType(), "stackSize");
        return thread -> {
            long requested = 0;
            try {
                if (direct != null) {
                    requested = direct.getLong(thread);
                } else if (holderStack != null) {
                    requested = holderStack.getLong(holder.get(thread));
                }
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                requested = 0;
            }
            return requested > 0 ? requested : defaultBytes;
        };
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException absent) {
            return null;
        }
    }

    private static long defaultStackBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Long.parseLong(hotspot.getVMOption("ThreadStackSize").getValue()) << 10;
        } catch (RuntimeException unknown) {
            return 1L << 20;
        }
    }

    /** Logs a class the advice could not be applied to; the class stays as it was. */
    private static final class FailureLog extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                Throwable throwable) {
            LOG.warn("native site advice not applied to {}: {}", typeName, throwable.toString());
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module,
                boolean loaded, DynamicType dynamicType) {
            LOG.debug("native site advice applied to {}", type.getName());
        }
    }
}
