package io.srgan.spark.train;

import static io.srgan.spark.run.RoundMetrics.*;

import io.srgan.spark.run.RoundLine;
import java.util.Map;

/**
 * A round's {@link RoundLine} in the metrics log: counters, mean losses and D outputs, last learning rates,
 * throughput, the time split, what the exchange moved and what the driver held, and the task times
 * (a straggler shows as a slowest task far above the median).
 */
final class RoundLines {
    private RoundLines() {}

    static Map<String, Object> of(long round, long step, String phase, int partitions, RoundRunner.Outcome o) {
        RoundReports r = o.reports();
        Map<String, Object> line = RoundLine.start(round, step, phase);
        line.put(TIME, System.currentTimeMillis() / 1000.0);
        line.put(PARTITIONS, partitions);
        line.put(SAMPLES, r.samples());
        line.put(EXECUTORS, r.executors().size());
        r.meanMetrics().forEach((k, v) -> {
            if (!k.startsWith(LEARNING_RATE_PREFIX)) line.put(k, v);
        });
        r.lastMetrics().forEach((k, v) -> {
            if (k.startsWith(LEARNING_RATE_PREFIX)) line.put(k, v);
        });
        line.put(SAMPLES_PER_S, r.samples() / o.roundSeconds());
        line.put(ROUND_S, o.roundSeconds());
        line.put(COMPUTE_S, o.computeSeconds());
        line.put(AVERAGING_S, o.averagingSeconds());
        line.put(BROADCAST_S, o.broadcastSeconds());
        line.put(TASK_COMPUTE_MEDIAN_S, r.medianComputeSeconds());
        line.put(TASK_COMPUTE_MAX_S, r.maxComputeSeconds());
        PartitionReport slowest = r.slowest();
        if (slowest != null) {
            line.put(SLOWEST_PARTITION, slowest.partition());
            line.put(SLOWEST_EXECUTOR, slowest.executor());
        }
        // bytes: up = what left the partitions (shuffle writes), across = what reducers fetched from
        // other executors, to_driver = the mean slices, down = new broadcasts times the executors fetching them
        line.put(EXCHANGED_FLOATS, o.exchange().floats());
        line.put(SLICES, o.exchange().slices());
        line.put(REDUCERS, o.exchange().reducers());
        line.put(BYTES_UP, o.traffic().shuffleWriteBytes());
        line.put(BYTES_ACROSS, o.traffic().shuffleRemoteBytes());
        line.put(BYTES_TO_DRIVER, o.traffic().resultBytes());
        line.put(BYTES_BROADCAST, o.exchange().broadcastBytes());
        line.put(BYTES_DOWN, o.exchange().broadcastBytes() * o.exchange().fetchingExecutors());
        line.put(DRIVER_HEAP_MB, o.driverHeapBytes() / 1048576.0);
        line.put(DRIVER_HEAP_PEAK_MB, o.driverHeapPeakBytes() / 1048576.0);
        if (!o.traffic().complete()) line.put(TRAFFIC_INCOMPLETE, true);
        if (r.optimizerFallbacks() > 0) line.put(OPTIMIZER_FALLBACKS, r.optimizerFallbacks());
        return line;
    }
}
