package io.bloatscope.agent.mx;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Live, peak and daemon Java threads and how many were ever started: every live thread holds a
 * stack (typically up to 1 MB reserved, what was touched resident) and usually a malloc arena slot.
 *
 * <p>Writes {@code "threads":{"live","peak","daemon","totalStarted"}}.
 */
public final class ThreadCountSampler implements Sampler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public void sample(JsonLine out) {
        out.beginObject("threads")
                .field("live", threads.getThreadCount())
                .field("peak", threads.getPeakThreadCount())
                .field("daemon", threads.getDaemonThreadCount())
                .field("totalStarted", threads.getTotalStartedThreadCount())
                .endObject();
    }
}
