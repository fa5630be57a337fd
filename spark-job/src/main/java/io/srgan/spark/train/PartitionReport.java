package io.srgan.spark.train;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one partition tells the driver about its share of a round (its tensors travel separately,
 * through the sharded exchange).
 *
 * @param partition         the partition's index
 * @param executor          the executor that ran it (Spark's executor id; "driver" in local mode)
 * @param pairs             training pairs in its shard as decoded for this task
 * @param skipped           why the shard's other files were skipped (as decoded for this task)
 * @param samples           patches it trained on: its weight in the average (0 for an empty shard)
 * @param counters          its trainer's counters after the round (equal in every partition that trained)
 * @param metricSums        each step metric summed over the partition's steps
 * @param metricSteps       for each metric, the number of steps that reported it
 * @param lastMetrics       the metrics of its last step (learning rates are reported as of the round's end)
 * @param loadSeconds       time to fetch the broadcast state and load it into the trainer
 * @param computeSeconds    time in the local steps
 * @param optimizerFallback true when keep-local had no local moments and started from the broadcast ones
 * @param divergence        null, or what was not finite (a loss or a tensor); such a partition sends no tensors
 */
record PartitionReport(int partition, String executor, int pairs, List<String> skipped, long samples, Map<String, Long> counters,
                       Map<String, Double> metricSums, Map<String, Long> metricSteps, Map<String, Double> lastMetrics,
                       double loadSeconds, double computeSeconds, boolean optimizerFallback, String divergence)
        implements Serializable {
    static PartitionReport empty(int partition, String executor, List<String> skipped, double loadSeconds) {
        return new PartitionReport(partition, executor, 0, List.copyOf(skipped), 0, Map.of(), Map.of(), Map.of(), Map.of(), loadSeconds, 0, false, null);
    }
}
