package io.bloatscope.agent.sites;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.bloatscope.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;

/**
 * Weaves {@link NativeAdvice} into the JDK classes with ByteBuddy. The only class of the native
 * sites that names ByteBuddy, so that a JVM whose woven classes all come from the
 * {@link WovenClassCache} never loads it (or ByteBuddy).
 */
final class ByteBuddyWeaver {
    private static final Logger LOG = AgentLog.get(ByteBuddyWeaver.class);
    /** {@code net.bytebuddy.safe} as the shading relocates it along with ByteBuddy's own reading of it. */
    static final String UNSAFE_OFF_PROPERTY = net.bytebuddy.dynamic.loading.ClassInjector.UsingUnsafe.SAFE_PROPERTY;

    private ByteBuddyWeaver() {
    }

    /**
     * A transformer that returns a target class's bytes with the advice of {@code kinds} woven in
     * (null when nothing matched); it retransforms nothing itself, {@link NativeSites} does.
     */
    static ClassFileTransformer create(Set<String> kinds) {
        // Keeps our ByteBuddy off sun.misc.Unsafe: AgentBuilder's set-up otherwise touches it (for
        // class injection we never use), and JDK 24+ then prints a deprecation warning on the
        // application's standard error. The property's name is relocated with ByteBuddy, so it
        // concerns this copy only; one the user set is left as it is.
        if (System.getProperty(UNSAFE_OFF_PROPERTY) == null) {
            System.setProperty(UNSAFE_OFF_PROPERTY, "true");
        }
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureLog())
                .ignore(none());
        if (kinds.contains("direct")) {
            builder = advise(builder, NativeTargets.BYTE_BUFFER, NativeAdvice.AllocateDirect.class,
                    named("allocateDirect").and(takesArguments(int.class)));
        }
        if (kinds.contains("inflater")) {
            // Only the constructor the others delegate to (this(...)), so each object counts once.
            builder = builder.type(named(NativeTargets.INFLATER)).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.InflaterCreated.class).on(isConstructor()
                            .and(takesArguments(boolean.class))))
                    .visit(Advice.to(NativeAdvice.InflaterEnded.class).on(named("end").and(takesArguments(0)))));
            builder = builder.type(named(NativeTargets.DEFLATER)).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.DeflaterCreated.class).on(isConstructor()
                            .and(takesArguments(int.class, boolean.class))))
                    .visit(Advice.to(NativeAdvice.DeflaterEnded.class).on(named("end").and(takesArguments(0)))));
        }
        if (kinds.contains("zip")) {
            builder = builder.type(named(NativeTargets.ZIP_FILE)).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.ZipOpened.class).on(isConstructor().and(takesArguments(3))
                            .and(takesArgument(0, java.io.File.class)).and(takesArgument(1, int.class))))
                    .visit(Advice.to(NativeAdvice.ZipClosed.class).on(named("close").and(takesArguments(0)))));
        }
        if (kinds.contains("threads")) {
            builder = advise(builder, NativeTargets.THREAD, NativeAdvice.ThreadStarted.class,
                    named("start").and(takesArguments(0)));
        }
        if (kinds.contains("mmap")) {
            builder = advise(builder, NativeTargets.FILE_CHANNEL, NativeAdvice.Mapped.class,
                    named("map").and(takesArguments(3)).and(takesArgument(1, long.class)));
        }
        if (kinds.contains("unsafe")) {
            builder = builder.type(named(NativeTargets.UNSAFE)).transform((b, type, loader, module, domain) -> b
                    .visit(Advice.to(NativeAdvice.UnsafeAllocate.class).on(named("allocateMemory")
                            .and(takesArguments(long.class))))
                    .visit(Advice.to(NativeAdvice.UnsafeReallocate.class).on(named("reallocateMemory")
                            .and(takesArguments(long.class, long.class))))
                    .visit(Advice.to(NativeAdvice.UnsafeFree.class).on(named("freeMemory")
                            .and(takesArguments(long.class)))));
        }
        return builder.makeRaw();
    }

    private static AgentBuilder advise(AgentBuilder builder, String type, Class<?> advice,
            ElementMatcher<? super MethodDescription> method) {
        return builder.type(named(type)).transform((b, t, loader, module, domain) -> b.visit(Advice.to(advice).on(method)));
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
            LOG.debug("native site advice woven into {}", type.getName());
        }
    }
}
