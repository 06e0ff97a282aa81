/**
 * JVM diagnostic commands, run in-process: what HotSpot's Native Memory Tracking and glibc's
 * malloc say about native memory, and how much a trim gives back.
 *
 * <p>{@link io.bloatscope.agent.jvm.DiagnosticCommand} wraps the DiagnosticCommand MBean; every
 * sampler here is created through a factory that returns null when this JVM cannot do its job
 * (NMT off, command absent on this JDK), so the core simply skips nulls. Parsers
 * ({@code NmtSummary}, {@code MallocInfo}, {@link io.bloatscope.agent.jvm.TrimResult}) are pure
 * functions from the command's text, tested on output captured from JDK 17 and 25.
 *
 * <pre>{@code
 * DiagnosticCommand commands = DiagnosticCommand.platform();
 * String nmtMode = NmtMode.current();                        // header: off | summary | detail
 * NmtSampler nmt = NmtSampler.createIfTracking(commands);     // null when NMT is off
 * NativeHeapInfoSampler malloc = NativeHeapInfoSampler.createIfSupported(commands); // null on 17
 * TrimProbe probe = TrimProbe.createIfSupported(commands);   // null before 17.0.9
 * TrimSampler trim = probe == null ? null : new TrimSampler(probe, 60_000, false);
 * // from agentmain, on the attach thread: never waits for the trim itself
 * trim.requestProbe();
 * }</pre>
 */
package io.bloatscope.agent.jvm;
