package io.bloatscope.agent.mx;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;

/**
 * Loaded and unloaded class counts: a metaspace that grows while classes are loaded and never
 * unloaded is the signature of class loaders kept alive.
 *
 * <p>Writes {@code "classes":{"loaded","unloaded","totalLoaded"}}.
 */
public final class ClassLoadingSampler implements Sampler {
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

    @Override
    public String name() {
        return "classes";
    }

    @Override
    public void sample(JsonLine out) {
        out.beginObject("classes")
                .field("loaded", classes.getLoadedClassCount())
                .field("unloaded", classes.getUnloadedClassCount())
                .field("totalLoaded", classes.getTotalLoadedClassCount())
                .endObject();
    }
}
