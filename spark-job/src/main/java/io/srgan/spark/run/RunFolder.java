package io.srgan.spark.run;

/**
 * What a training run's folder holds, and the names of the entries no other class of this package names:
 *
 * <pre>
 * run/
 *   ckpt-00000100/ …, LATEST    checkpoints by step: {@link RunCheckpoints} on the storage layer's CheckpointStore
 *   _tmp-…, _damaged-ckpt-…     a checkpoint being written, or one set aside as damaged (the store's)
 *   metrics.jsonl, metrics.000001.jsonl, …   the metrics log: {@link MetricsFiles}, lines {@link MetricsLines}
 *   config.json                 the job's settings as it ran ({@link #CONFIG})
 *   samples/                    the final generator's output for each validation image ({@link #SAMPLES})
 *   logs/                       the driver's full log, one file per invocation ({@link #LOGS})
 *   report/                     {@code srgan report}'s default output ({@link #REPORT})
 * </pre>
 */
public final class RunFolder {
    private RunFolder() {}

    public static final String CONFIG = "config.json";
    public static final String SAMPLES = "samples";
    public static final String LOGS = "logs";
    public static final String REPORT = "report";
}
