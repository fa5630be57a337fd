package io.srgan.spark.train;

import java.io.Serializable;

/**
 * What every partition does in one round: {@code steps} local steps from {@code startStep}.
 *
 * @param runId         identifies the run's executor-side state (keep-local optimizer moments)
 * @param configJson    the resolved run configuration, from which executors build their trainers
 * @param collectOptimizer whether partitions send their optimizer moments back (average policy,
 *                      and every checkpoint round so that checkpoints hold them)
 * @param localMomentsExpected keep-local: whether partitions should hold moments from the previous
 *                      round (false in a job's first round)
 * @param perceptualFile the perceptual model's name among Spark's distributed files, or null
 * @param threads       native (OpenMP) threads for each task's ops: its share of the executor's cores
 * @param lrScale       multiplies the configured learning rates (cluster.lr-scaling for this many partitions)
 */
public record RoundPlan(String runId, String configJson, long round, long startStep, int steps, long seed,
                        OptimizerPolicy policy, boolean collectOptimizer, boolean localMomentsExpected, String perceptualFile,
                        int threads, double lrScale) implements Serializable {
    /** The data sampler seed of partition {@code p}: partition 0 of a one-partition run samples as a local run does. */
    public long samplerSeed(int partition) {
        return seed + partition;
    }
}
