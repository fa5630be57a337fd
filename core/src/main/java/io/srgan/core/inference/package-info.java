/**
 * Inference on images of any size: {@link io.srgan.core.inference.TiledUpscaler} cuts the LR image
 * into overlapping tiles ({@link io.srgan.core.inference.TileGrid}), runs an
 * {@link io.srgan.core.inference.SrModel} on batches of them and streams the output strip by strip
 * from a {@link io.srgan.core.inference.TileSource} to a {@link io.srgan.core.inference.RowSink}
 * (in memory, or PNG files through PNGJ).
 *
 * <p>Layouts: images are {@link io.srgan.core.data.FloatImage} (HWC floats, RGB or RGBA, [0, 1]);
 * model batches are NHWC float32 {@code [N, h, w, 3]}. Geometry is in LR pixels unless a name says
 * otherwise; output coordinates are LR coordinates times the model's scale.
 */
package io.srgan.core.inference;
