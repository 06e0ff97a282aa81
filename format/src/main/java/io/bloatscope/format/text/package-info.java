/**
 * Text the agent's sampling thread reads and writes on every tick, without allocating:
 * {@link io.bloatscope.format.text.LineCursor} walks the line-oriented text Linux and HotSpot print
 * (reset it on a file's or a command's output and pull numbers out line by line),
 * {@link io.bloatscope.format.text.NmtSummary} is the NMT summary read with it, and
 * {@link io.bloatscope.format.text.JsonString} escapes every string bloatscope writes as JSON.
 *
 * <p>Inside the agent this package is one of those kept interpreted
 * ({@code io.bloatscope.agent.jvm.InterpretedSamplingCode}): only the sampling thread runs it there,
 * and compiling it would cost the application compiler arena memory. Code that other threads run
 * belongs in {@code io.bloatscope.format}, not here.
 */
package io.bloatscope.format.text;
