package io.srgan.spark.upscale;

import io.srgan.core.inference.Precision;
import io.srgan.spark.io.HadoopSettings;
import java.net.URI;

/**
 * What a user asks of one job.
 *
 * @param input        an image, a folder or a manifest (see {@link InputListing})
 * @param output       the output folder
 * @param overlap      tile overlap in LR pixels, or null for the model's receptive field (exact)
 * @param batchSize    tiles per model call; a task's native memory grows with it
 * @param partitions   tasks of the upscale stage, or null for Spark's default parallelism
 * @param hadoop       client settings added to the {@code spark.hadoop.*} ones of the Spark configuration
 * @param overwrite    redo every output, also when the folder holds another model's outputs (see {@link OutputClaim})
 * @param nativeMemory bytes of native memory each executor JVM may use beside its heap, shared by its
 *                     tasks, or null for the default (see {@link MemoryBudget})
 * @param precision    fp32 (the generator), bf16 (the generator with bf16 convolutions) or int8 (quantised on the driver,
 *                     calibrated on the inputs: {@link Int8Calibration})
 */
public record UpscaleRequest(URI input, URI output, int tileSize, Integer overlap, int batchSize, OutputFormat format, float jpegQuality,
                             long maxPixels, long maxJpegOutputPixels, Integer partitions, HadoopSettings hadoop, boolean overwrite,
                             Long nativeMemory, Precision precision) {

    /** Skipping complete outputs, with the default native memory budget. */
    public UpscaleRequest(URI input, URI output, int tileSize, Integer overlap, int batchSize, OutputFormat format, float jpegQuality,
                          long maxPixels, long maxJpegOutputPixels, Integer partitions, HadoopSettings hadoop) {
        this(input, output, tileSize, overlap, batchSize, format, jpegQuality, maxPixels, maxJpegOutputPixels, partitions, hadoop, false,
                null, Precision.FP32);
    }

    public UpscaleRequest withOverwrite(boolean value) {
        return new UpscaleRequest(input, output, tileSize, overlap, batchSize, format, jpegQuality, maxPixels, maxJpegOutputPixels,
                partitions, hadoop, value, nativeMemory, precision);
    }

    public UpscaleRequest withNativeMemory(Long bytes) {
        return new UpscaleRequest(input, output, tileSize, overlap, batchSize, format, jpegQuality, maxPixels, maxJpegOutputPixels,
                partitions, hadoop, overwrite, bytes, precision);
    }

    public UpscaleRequest withPrecision(Precision value) {
        return new UpscaleRequest(input, output, tileSize, overlap, batchSize, format, jpegQuality, maxPixels, maxJpegOutputPixels,
                partitions, hadoop, overwrite, nativeMemory, value);
    }
}
