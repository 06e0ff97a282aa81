package io.bloatscope.agent.bridge;

/**
 * What the instrumented JDK methods report, in JDK types only. The agent's tracker implements
 * it; {@link NativeBridge} holds the one instance. Every method is called on the application
 * thread that allocated or released, inside the re-entrancy guard, and must never block or throw
 * (a throw is swallowed by the advice anyway).
 */
public interface NativeEvents {
    /** A resource whose release is known by an explicit call or by its owner being collected. */
    void allocated(int kind, Object owner, long bytes);

    /** {@code owner} released its native memory explicitly (end(), close()). */
    void released(int kind, Object owner);

    /**
     * {@code Unsafe.allocateMemory} returned a block (every call is counted by the bridge itself) and
     * this block is sampled (the thread's byte countdown ran out); the tracker records its stack
     * and sets {@code threadState[NativeBridge.UNTIL_SAMPLE]} to the next countdown.
     */
    void unsafeSampled(long address, long bytes, long[] threadState);

    /** {@code Unsafe.reallocateMemory} moved {@code oldAddress} to {@code newAddress}. */
    void unsafeReallocated(long oldAddress, long newAddress, long bytes);

    /** {@code Unsafe.freeMemory(address)}. */
    void unsafeFreed(long address);
}
