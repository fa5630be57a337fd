package io.srgan.spark.upscale;

import io.srgan.core.data.ColourMode;
import io.srgan.core.inference.TileSource;

/**
 * An input image opened for tiled upscaling: its rows as RGB(A) floats, decoded as they are needed,
 * and how the file stores colour, so the output can be written in the same mode and depth.
 */
interface InputImage extends TileSource {
    ColourMode mode();

    /** 8 or 16. */
    int bitDepth();
}
