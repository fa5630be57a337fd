package io.srgan.spark.upscale;

import io.srgan.spark.io.HadoopSettings;
import java.net.URI;

/**
 * What a user asks of one job.
 *
 * @param input      an image, a folder or a manifest (see {@link InputListing})
 * @param output     the output folder
 * @param overlap    tile overlap in LR pixels, or null for the model's receptive field (exact)
 * @param batchSize  tiles per model call; a task's native memory grows with it
 * @param partitions tasks of the upscale stage, or null for Spark's default parallelism
 * @param hadoop     client settings added to the {@code spark.hadoop.*} ones of the Spark configuration
 */
public record UpscaleRequest(URI input, URI output, int tileSize, Integer overlap, int batchSize, OutputFormat format, float jpegQuality,
                             long maxPixels, long maxJpegOutputPixels, Integer partitions, HadoopSettings hadoop) {}
