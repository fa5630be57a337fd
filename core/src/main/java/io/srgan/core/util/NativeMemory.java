package io.srgan.core.util;

/**
 * Returns ND4J's freed native buffers to the allocator. In ND4J 1.0.0-M2.1 {@code INDArray.close()}
 * does not reliably release native memory (measured: a conv–activation loop grew RSS by the size
 * of its outputs every iteration, closed or not, until a GC ran), and the Java heap stays so small
 * that GC would rarely run on its own. A training step therefore collects at its phase boundaries;
 * with a heap of a few tens of MB a collection costs ~10–30 ms against steps of seconds.
 */
public final class NativeMemory {
    /** -Dsrgan.native-gc.off=true: for benchmarks that compare with and without. */
    private static final boolean ENABLED = !Boolean.getBoolean("srgan.native-gc.off");

    private NativeMemory() {}

    /** Frees what the networks released since the last call (a no-op when disabled). */
    public static void release() {
        if (ENABLED) System.gc();
    }
}
