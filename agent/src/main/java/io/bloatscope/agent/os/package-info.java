/**
 * Linux process facts: what the kernel says the process holds.
 *
 * <p>Samplers ({@link io.bloatscope.agent.os.ProcessSampler}, {@link io.bloatscope.agent.os.SmapsSampler},
 * {@link io.bloatscope.agent.os.CgroupSampler}) each read one or two files per tick into buffers
 * they keep, and hand the text to a parser ({@code ProcStatus}, {@code Smaps}, {@code Cgroup}):
 * a pure function from text to a small immutable value, tested on captured files under
 * {@code src/test/resources/fixtures}. {@link io.bloatscope.agent.os.GlibcVersion} is read once,
 * for the snapshot header.
 *
 * <pre>{@code
 * List<Sampler> samplers = new ArrayList<>();
 * samplers.add(new ProcessSampler());
 * samplers.add(new SmapsSampler());
 * CgroupSampler cgroup = CgroupSampler.create();   // null: no memory cgroup
 * if (cgroup != null) samplers.add(cgroup);
 * String glibc = GlibcVersion.detect();            // null: not glibc (musl)
 * }</pre>
 */
package io.bloatscope.agent.os;
