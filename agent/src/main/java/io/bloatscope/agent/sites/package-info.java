/**
 * Allocation sites: which code allocates the native and heap memory that grows.
 *
 * <p>Native: {@link io.bloatscope.agent.sites.BridgeInjector} defines the bridge in the bootstrap
 * loader, {@link io.bloatscope.agent.sites.NativeSites} retransforms the JDK classes with the
 * advice in {@code NativeAdvice} and plugs a {@code NativeTracker} into the bridge. Application
 * threads update the tracker's site counters without waiting; the sampling thread polls the weak
 * references and writes the sites ({@link io.bloatscope.agent.sites.SiteSampler}).
 *
 * <p>Heap: {@link io.bloatscope.agent.sites.HeapSites} streams JFR allocation samples (JFR's
 * thread writes, the sampling thread swaps maps through a {@code WriterReaderPhaser}) and surveys
 * JFR's old-object samples on its own daemon thread.
 *
 * <p>Usage: {@code -javaagent:bloatscope.jar=nativeSites=on,heapSites=on}; snapshot fields are in
 * the README.
 */
package io.bloatscope.agent.sites;
