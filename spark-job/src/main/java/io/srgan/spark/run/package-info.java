/**
 * A training run's folder as a contract: what it holds ({@link io.srgan.spark.run.RunFolder}), its
 * checkpoints ({@link io.srgan.spark.run.RunCheckpoints}) and which one stands for a model
 * ({@link io.srgan.spark.run.CheckpointChoice}, {@link io.srgan.spark.run.ModelLocator}), and its
 * metrics log: file parts ({@link io.srgan.spark.run.MetricsFiles}), line kinds and keys
 * ({@link io.srgan.spark.run.MetricsLines}, {@link io.srgan.spark.run.RoundLine},
 * {@link io.srgan.spark.run.ValidationLine}, {@link io.srgan.spark.run.RoundMetrics}), written by
 * {@link io.srgan.spark.run.MetricsLogWriter} and read by {@link io.srgan.spark.run.MetricsLog}.
 *
 * <p>The training job writes a run folder; the report, retrain, the model store, import/export and
 * {@code --model} read it with these classes. The package depends only on core and the storage layer
 * ({@code io}), which commits checkpoints without knowing what is in them.
 */
package io.srgan.spark.run;
