package io.srgan.spark.cluster;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many OpenMP threads the calling thread's native ops (the oneDNN convolutions) use, set for
 * one task and restored after it. OpenMP keeps this setting per calling thread, so concurrent tasks
 * each get their own share of the cores instead of all of them each: with two tasks of two threads
 * each on two cores, oversubscription measured 2.6x slower than two tasks of one thread.
 */
public final class NativeThreads implements AutoCloseable {
    private final NativeOps ops;
    private final int before;

    private NativeThreads(int threads) {
        Nd4j.getExecutioner(); // loads the backend, which NativeOpsHolder needs
        ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        before = ops.ompGetMaxThreads();
        ops.setOmpNumThreads(threads);
    }

    /** Sets {@code threads} (≥ 1) for the calling thread until {@link #close()}. */
    public static NativeThreads use(int threads) {
        return new NativeThreads(Math.max(1, threads));
    }

    /** Threads per task when {@code tasks} run at once on {@code cores}: an even share, at least {@code taskCpus}. */
    public static int share(int cores, int tasks, int taskCpus) {
        return Math.max(taskCpus, cores / Math.max(1, tasks));
    }

    /**
     * Native threads for each of {@code tasks} concurrent tasks of a job: an even share of the cores
     * when fewer tasks than cores run (one task on a laptop gets every core), else
     * {@code spark.task.cpus} (default 1); capped by {@code spark.executor.cores} when set, since a
     * task's threads stay on its executor.
     */
    public static int perTask(org.apache.spark.api.java.JavaSparkContext sc, int tasks) {
        int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
        int threads = share(sc.defaultParallelism(), tasks, taskCpus);
        int executorCores = sc.getConf().getInt("spark.executor.cores", Integer.MAX_VALUE);
        return Math.max(taskCpus, Math.min(threads, executorCores));
    }

    @Override
    public void close() {
        ops.setOmpNumThreads(before);
    }
}
