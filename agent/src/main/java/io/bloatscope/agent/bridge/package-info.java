/**
 * The bootstrap-visible bridge between instrumented JDK methods and the agent.
 *
 * <p>These classes are copied into a small jar appended to the bootstrap class path before any of
 * them is loaded, so the JDK's classes (bootstrap loader) and the agent (application loader, which
 * delegates to bootstrap first) share one {@link io.bloatscope.agent.bridge.NativeBridge}. They
 * may use JDK types only. Advice code inlined into the JDK calls the bridge's static methods; the
 * bridge forwards to the {@link io.bloatscope.agent.bridge.NativeEvents} the agent installed.
 */
package io.bloatscope.agent.bridge;
