package io.srgan.spark.train;

import io.srgan.spark.config.OptimizerPolicy;
import java.io.Serializable;

/**
 * What every round's tasks share for the whole job.
 *
 * @param runId          identifies the run's executor-side state (keep-local optimizer moments)
 * @param configJson     the resolved run configuration, from which executors build their trainers
 *                       (parsed once per executor JVM, see {@link ExecutorTrainers})
 * @param seed           the run's seed: partition p samples its patches with seed + p
 * @param policy         what happens to the Adam moments between rounds
 * @param perceptualFile the perceptual model's name among Spark's distributed files, or null
 * @param threads        native (OpenMP) threads for each task's ops: its share of the executor's cores
 * @param lrScale        multiplies the configured learning rates (cluster.lr-scaling for this many partitions)
 */
record TaskSettings(String runId, String configJson, long seed, OptimizerPolicy policy, String perceptualFile, int threads,
                    double lrScale) implements Serializable {
    /** The data sampler seed of partition {@code p}: partition 0 of a one-partition run samples as a local run does. */
    long samplerSeed(int partition) {
        return seed + partition;
    }
}
