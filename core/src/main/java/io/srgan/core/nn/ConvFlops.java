package io.srgan.core.nn;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the floating-point operations of the convolutions {@link NativeOps} runs while counting is
 * on — the benchmarks' GFLOP/s, so the distance to the machine's limit is visible (issue 15). Two
 * operations per multiply-add of the direct algorithm: a forward convolution 2·N·H'·W'·Cout·Cin·k²
 * (H', W' its output), a transposed one the same over its input, a backward pass twice its forward
 * (input and weight gradients). Off, it costs one volatile read per convolution.
 */
public final class ConvFlops {
    private static final LongAdder FLOPS = new LongAdder();
    private static volatile boolean counting;

    private ConvFlops() {}

    /** Starts counting from zero. */
    public static void start() {
        FLOPS.reset();
        counting = true;
    }

    /** Stops counting; the operations counted since {@link #start}. */
    public static long stop() {
        counting = false;
        return FLOPS.sum();
    }

    /** 2·n·h·w·cout·cin·k² (a forward convolution whose output is h×w), times {@code passes}. */
    static void add(long n, long h, long w, long cout, long cin, long k, int passes) {
        if (counting) FLOPS.add(2L * passes * n * h * w * cout * cin * k * k);
    }
}
