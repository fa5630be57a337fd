package io.srgan.spark.train;

import java.io.Serializable;
import java.util.Map;

/**
 * What one partition sends back after its local steps of a round.
 *
 * @param partition     the partition's index
 * @param executor      the executor that ran it (Spark's executor id; "driver" in local mode)
 * @param samples       patches it trained on this round: its weight in the average (0 for an empty shard)
 * @param state         its trained tensors (what the round averages), or null when {@code samples} is 0
 * @param metricSums    each step metric summed over the partition's steps
 * @param metricSteps   for each metric, the number of steps that reported it
 * @param lastMetrics   the metrics of its last step (learning rates are reported as of the round's end)
 * @param computeSeconds   time in the local steps
 * @param broadcastSeconds time to fetch the broadcast state and load it into the trainer
 * @param optimizerFallback true when keep-local had no local optimizer state and started from the broadcast one
 */
public record PartitionResult(int partition, String executor, long samples, StateArrays state, Map<String, Double> metricSums,
                              Map<String, Long> metricSteps, Map<String, Double> lastMetrics, double computeSeconds,
                              double broadcastSeconds, boolean optimizerFallback) implements Serializable {
    public static PartitionResult empty(int partition, String executor, double broadcastSeconds) {
        return new PartitionResult(partition, executor, 0, null, Map.of(), Map.of(), Map.of(), 0, broadcastSeconds, false);
    }
}
