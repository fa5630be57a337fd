package io.srgan.spark.upscale;

import io.srgan.core.data.ImageLimits;
import io.srgan.core.inference.Precision;
import io.srgan.core.inference.TilingConfig;
import io.srgan.spark.io.HadoopSettings;
import java.io.Serializable;

/**
 * What every task of a job needs besides the model; travels in the task closures.
 *
 * @param output               the output folder, qualified URI
 * @param tileSize             tile side in LR pixels
 * @param overlap              tile overlap in LR pixels; negative: the model's receptive field (exact)
 * @param batchSize            tiles per model call
 * @param maxPixels            largest input accepted, width × height
 * @param jpegQuality          0..1
 * @param maxJpegOutputPixels  largest JPEG output (held whole in memory while encoded)
 * @param replaceExisting      redo outputs that exist (the job overwrites the folder) instead of skipping them
 * @param precision            what the outputs are computed in (part of the folder's {@link ModelRecord})
 */
public record UpscaleSettings(String output, HadoopSettings hadoop, int tileSize, int overlap, int batchSize, OutputFormat format,
                              float jpegQuality, long maxPixels, long maxJpegOutputPixels, boolean replaceExisting, Precision precision)
        implements Serializable {
    /** The largest side any input may have: the largest JPEG side. */
    public static final int MAX_SIDE = 65_535;

    public UpscaleSettings {
        if (!(jpegQuality >= 0f && jpegQuality <= 1f)) throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + jpegQuality);
        if (maxJpegOutputPixels < 1) throw new IllegalArgumentException("the JPEG output limit must be positive, got " + maxJpegOutputPixels);
        new ImageLimits(maxPixels, MAX_SIDE); // validates
    }

    OutputPaths outputs() {
        return new OutputPaths(output, format);
    }

    ImageLimits limits() {
        return new ImageLimits(maxPixels, MAX_SIDE);
    }

    /** The tiling for a model of this receptive-field radius; fails if the tile is too small for the overlap. */
    TilingConfig tiling(int receptiveFieldRadius) {
        return tiling(receptiveFieldRadius, 1);
    }

    /**
     * As {@link #tiling(int)} for a model that reads its input in {@code align}×{@code align} groups
     * (tiles then need 2·overlap + align pixels): a tile too small for the overlap fails here, saying
     * which --tile or --overlap fixes it.
     */
    TilingConfig tiling(int receptiveFieldRadius, int align) {
        int o = overlap < 0 ? receptiveFieldRadius : overlap;
        long needed = 2L * o + align;
        if (tileSize < needed) {
            // a deep model's exact reach is large (RRDB 23 blocks: 350 LR pixels): say what to do, not just what is wrong
            throw new IllegalArgumentException(overlap < 0
                    ? "exact tiling of this model needs --tile of at least " + needed + " (its receptive field reaches "
                            + receptiveFieldRadius + " LR pixels; --tile is " + tileSize + "); or give --overlap, e.g. --overlap 16"
                            + " (tiles may then differ from whole-image inference near their seams; Real-ESRGAN's own tiled"
                            + " inference pads tiles by 10)"
                    : "--tile " + tileSize + " is too small for --overlap " + o + ": use --tile of at least " + needed
                            + " or a smaller --overlap");
        }
        return new TilingConfig(tileSize, o, batchSize);
    }
}
