package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

import java.io.IOException;

/**
 * The LR image a {@link TiledUpscaler} reads, delivered as blocks of full-width rows so that a
 * streaming implementation needs to keep only the rows of the current strip.
 *
 * <p>Reads are forward-only: each call's {@code y0} is at least the {@code y0} of the call before
 * (blocks of consecutive strips overlap, so rows may be asked for more than once).
 */
public interface TileSource extends AutoCloseable {
    int height();

    int width();

    /** 3 (RGB) or 4 (RGBA, alpha straight, not premultiplied). */
    int channels();

    /**
     * Rows {@code [y0, y0 + count)} as an HWC image of {@link #channels()} channels, values in [0, 1].
     * The caller may modify the returned image; the source keeps no reference to it.
     *
     * @throws IllegalArgumentException if the rows are outside the image or {@code y0} is smaller than
     *     in an earlier call
     * @throws IOException if the underlying data cannot be read
     */
    FloatImage readRows(int y0, int count) throws IOException;

    @Override
    void close() throws IOException;
}
