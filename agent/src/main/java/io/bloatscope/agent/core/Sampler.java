package io.bloatscope.agent.core;

import io.bloatscope.agent.write.JsonLine;

/**
 * One source of measurements. The sampling loop calls every enabled sampler once per tick, on its
 * single daemon thread, and each appends its own section to the snapshot line.
 *
 * <p>A sampler may throw: the loop then drops the sampler for the rest of the run and logs one
 * line naming it, and the other samplers and the application go on. Whatever the failed sampler had
 * appended in that tick is rewound, so the line stays well-formed.
 */
public interface Sampler {

    /** Short name, used in the one log line if the sampler fails and in the header's list. */
    String name();

    /** Appends this sampler's section (usually one object member) to the snapshot. */
    void sample(JsonLine snapshot) throws Exception;

    /**
     * The next {@link #sample} is for the snapshot at JVM exit: a sampler that skips ticks may want
     * to complete that one.
     */
    default void beforeExitSnapshot() {
    }

    /**
     * The next {@link #sample} is for a snapshot captured near the memory limit: a sampler that
     * skips ticks completes that one.
     */
    default void beforeCapture() {
    }

    /** Releases what the sampler registered in the target (listeners, handles) when sampling stops. */
    default void close() {
    }
}
