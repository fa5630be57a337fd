/**
 * Bulk upscaling with a trained generator as a Spark job ({@link io.srgan.spark.upscale.UpscaleJob}).
 *
 * <ul>
 *   <li>Inputs: {@link io.srgan.spark.upscale.InputListing} (an image, a folder tree, a manifest, on
 *       any Hadoop file system); outputs keep relative paths ({@link io.srgan.spark.upscale.OutputFormat}
 *       names them) and appear only whole.</li>
 *   <li>Reading: {@link io.srgan.spark.upscale.InputImages} checks a file's header against the
 *       limits, then streams PNG rows ({@link io.srgan.spark.upscale.PngInput}) or reads other
 *       formats in bands of rows ({@link io.srgan.spark.upscale.RegionInput}), keeping the file's
 *       colour mode and bit depth for the output.</li>
 *   <li>Distribution: a probe stage reads headers, {@link io.srgan.spark.upscale.SizeBalancer}
 *       balances pixels over partitions, {@link io.srgan.spark.upscale.ModelWeights} travel as one
 *       broadcast and {@link io.srgan.spark.upscale.ExecutorModels} builds one generator per JVM.</li>
 *   <li>Writing: {@link io.srgan.spark.upscale.FileUpscaler} (tiled, streamed, atomic commit, skip
 *       if complete) at the place {@link io.srgan.spark.upscale.OutputPaths} proves inside the output
 *       folder; the driver writes {@code _errors.jsonl} and {@code _SUMMARY.json}
 *       ({@link io.srgan.spark.upscale.JobSummary}).</li>
 *   <li>The output folder: one job at a time ({@link io.srgan.spark.upscale.OutputLock}), one model
 *       ({@link io.srgan.spark.upscale.ModelRecord}, {@link io.srgan.spark.upscale.OutputClaim}).</li>
 *   <li>Faults: each image's memory is estimated in the probe stage against a task's share
 *       ({@link io.srgan.spark.upscale.MemoryEstimate}, {@link io.srgan.spark.upscale.MemoryBudget});
 *       a task that dies costs only the file that kills it ({@link io.srgan.spark.upscale.UpscaleStage}).</li>
 * </ul>
 */
package io.srgan.spark.upscale;
