package io.bloatscope.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a {@link LeakTest}'s body repeatedly, measures the resources after the warm-up and then at
 * up to {@value #MAX_MEASUREMENTS} evenly spaced repetitions, and fails with the growth per
 * repetition and the measured series of every resource that leaks. With Netty's buffers on the
 * test's class path it also runs the test under Netty's own leak detection ({@link NettyLeaks})
 * and fails with its records, and measures Netty's pools ({@link PooledMemory}).
 *
 * <p>The first run goes through JUnit's own invocation (so its failure reporting is JUnit's); the
 * others call the same method on the same instance with the same arguments.
 */
public final class LeakTestExtension implements InvocationInterceptor {
    static final int MAX_MEASUREMENTS = 25;

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        LeakTest config = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LeakTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("LeakTestExtension needs @LeakTest"));
        int repetitions = config.repetitions();
        int warmup = config.warmup() < 0 ? Math.max(5, repetitions / 5) : config.warmup();
        if (repetitions < 20 || warmup >= repetitions - 10) {
            throw new ExtensionConfigurationException("@LeakTest needs repetitions >= 20 and at least 10 judged"
                    + " repetitions after warmup; got repetitions=" + repetitions + ", warmup=" + warmup);
        }
        Resource[] resources = config.resources();
        Gauges gauges = new Gauges();
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        PooledMemory pooled = PooledMemory.find(loader);
        int step = Math.max(1, (repetitions - warmup) / MAX_MEASUREMENTS);
        List<Double> measuredAt = new ArrayList<>();
        Map<Resource, List<Double>> series = new EnumMap<>(Resource.class);
        for (Resource resource : resources) {
            series.put(resource, new ArrayList<>());
        }

        String nettyFailure;
        try (NettyLeaks netty = config.nettyLeakDetection() ? NettyLeaks.start(loader) : NettyLeaks.none()) {
            invocation.proceed();
            Method method = call.getExecutable();
            method.setAccessible(true);
            for (int done = 1; done <= repetitions; done++) {
                if (done > 1) {
                    invokeAgain(method, call);
                }
                if (done >= warmup && (done - warmup) % step == 0) {
                    gauges.settle();
                    measuredAt.add((double) done);
                    for (Resource resource : resources) {
                        // The JVM's own resources are the gauges'; Netty's pool is read through its metrics.
                        series.get(resource).add(resource == Resource.NETTY_POOLED ? pooled.usedBytes()
                                : gauges.read(resource));
                    }
                }
            }
            nettyFailure = netty.failure();
        }
        String failure = judge(measuredAt, series, gauges);
        if (nettyFailure != null) {
            failure = (failure == null ? "leak test failed:" : failure) + "\n" + nettyFailure;
        }
        if (failure != null) {
            throw new AssertionFailedError(failure);
        }
    }

    private static void invokeAgain(Method method, ReflectiveInvocationContext<Method> call) throws Throwable {
        try {
            method.invoke(call.getTarget().orElse(null), call.getArguments().toArray());
        } catch (InvocationTargetException failed) {
            throw failed.getCause();
        }
    }

    /** The failure message when any resource leaks, else null. */
    private static String judge(List<Double> measuredAt, Map<Resource, List<Double>> series, Gauges gauges) {
        double[] x = measuredAt.stream().mapToDouble(Double::doubleValue).toArray();
        StringBuilder message = new StringBuilder();
        for (Map.Entry<Resource, List<Double>> entry : series.entrySet()) {
            double[] y = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            if (java.util.Arrays.stream(y).anyMatch(Double::isNaN)) {
                continue;
            }
            Verdict verdict = Verdict.judge(entry.getKey(), x, y);
            if (verdict.leaks) {
                message.append(message.length() == 0 ? "leak test failed:\n" : "\n")
                        .append("  ").append(verdict.message).append('\n')
                        .append("    measured after GC at repetitions ").append((long) x[0]).append("..")
                        .append((long) x[x.length - 1])
                        .append(entry.getKey() == Resource.NATIVE ? " (" + gauges.nativeSource() + ")" : "")
                        .append(": ").append(series(entry.getKey(), y));
            }
        }
        if (message.length() == 0) {
            return null;
        }
        List<String> sites = AgentSites.describe();
        if (!sites.isEmpty()) {
            message.append("\n  top allocation sites (bloatscope agent):");
            for (String site : sites) {
                message.append("\n    ").append(site);
            }
        }
        return message.toString();
    }

    private static String series(Resource resource, double[] values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(Verdict.amount(resource, values[i]));
        }
        return text.toString();
    }
}
