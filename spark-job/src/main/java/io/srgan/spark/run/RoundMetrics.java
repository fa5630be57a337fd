package io.srgan.spark.run;

import java.util.List;

/**
 * The names of a round line's values ({@link RoundLine}), as the training job writes them and the
 * report reads them. Losses, D outputs and learning rates are the trainer's step metrics, named by
 * core's {@code GanTrainer} (BasicSR's names); the report tells them apart by the prefixes here.
 */
public final class RoundMetrics {
    private RoundMetrics() {}

    /** Prefixes of the trainer's step metrics: losses (G's, D's), mean D outputs, learning rates. */
    public static final String LOSS_PREFIX = "l_";
    public static final String G_LOSS_PREFIX = "l_g_";
    public static final String D_LOSS_PREFIX = "l_d_";
    public static final String D_OUTPUT_PREFIX = "out_";
    public static final String LEARNING_RATE_PREFIX = "lr_";

    /** When the line was written (Unix seconds), the partitions and executors that trained, patches trained on. */
    public static final String TIME = "time";
    public static final String PARTITIONS = "partitions";
    public static final String EXECUTORS = "executors";
    public static final String SAMPLES = "samples";

    /** Wall time of the round and its parts (seconds). */
    public static final String ROUND_S = "round_s";
    public static final String COMPUTE_S = "compute_s";
    public static final String AVERAGING_S = "averaging_s";
    public static final String BROADCAST_S = "broadcast_s";
    public static final List<String> TIME_PARTS = List.of(COMPUTE_S, AVERAGING_S, BROADCAST_S);

    /** Local steps' time over the partitions: median and slowest (a straggler shows as max far above median). */
    public static final String TASK_COMPUTE_MEDIAN_S = "task_compute_median_s";
    public static final String TASK_COMPUTE_MAX_S = "task_compute_max_s";
    public static final String SLOWEST_PARTITION = "slowest_partition";
    public static final String SLOWEST_EXECUTOR = "slowest_executor";

    /** Bytes the round moved, as Spark's task metrics report them (shuffle and results) or as broadcast. */
    public static final String BYTES_UP = "bytes_up";
    public static final String BYTES_ACROSS = "bytes_across";
    public static final String BYTES_TO_DRIVER = "bytes_to_driver";
    public static final String BYTES_BROADCAST = "bytes_broadcast";
    public static final String BYTES_DOWN = "bytes_down";
    public static final List<String> BYTES = List.of(BYTES_UP, BYTES_ACROSS, BYTES_TO_DRIVER, BYTES_DOWN);

    /** The exchange's shape: floats each partition sends, slices, reduce tasks. */
    public static final String EXCHANGED_FLOATS = "exchanged_floats";
    public static final String SLICES = "slices";
    public static final String REDUCERS = "reducers";

    /** The driver's Java heap after the round's average was assembled, and its peak during the round (MB). */
    public static final String DRIVER_HEAP_MB = "driver_heap_mb";
    public static final String DRIVER_HEAP_PEAK_MB = "driver_heap_peak_mb";

    public static final String SAMPLES_PER_S = "samples_per_s";

    /** Present (true) when Spark's task metrics missed some of the round's bytes. */
    public static final String TRAFFIC_INCOMPLETE = "traffic_incomplete";
    /** Partitions that had to start their optimizer moments afresh, when any did. */
    public static final String OPTIMIZER_FALLBACKS = "optimizer_fallbacks";
}
