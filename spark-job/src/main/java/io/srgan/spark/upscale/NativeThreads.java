package io.srgan.spark.upscale;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads the calling thread's native ops (the oneDNN convolutions) use, set for
 * one task and restored after it. OpenMP keeps this setting per calling thread, so concurrent tasks
 * each get their own share of the cores instead of all of them each: with two tasks of two threads
 * each on two cores, oversubscription measured 2.6x slower than two tasks of one thread.
 */
final class NativeThreads implements AutoCloseable {
    private final NativeOps ops;
    private final int before;

    private NativeThreads(int threads) {
        Nd4j.getExecutioner(); // loads the backend, which NativeOpsHolder needs
        ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(threads);
    }

    /** Sets {@code threads} (≥ 1) for the calling thread until {@link #close()}. */
    static NativeThreads use(int threads) {
        return new NativeThreads(Math.max(1, threads));
    }

    /** Threads per task when {@code tasks} run at once on {@code cores}: an even share, at least {@code taskCpus}. */
    static int share(int cores, int tasks, int taskCpus) {
        return Math.max(taskCpus, cores / Math.max(1, tasks));
    }

    @Override
    public void close() {
        ops.setOmpNumThreads(before);
    }
}
