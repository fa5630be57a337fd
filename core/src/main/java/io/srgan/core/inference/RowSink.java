package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

import java.io.IOException;

/**
 * Where a {@link TiledUpscaler} puts the SR image: blocks of full-width output rows, top to bottom,
 * so the whole output never has to be in memory.
 *
 * <p>Call order: {@link #begin} once, {@link #writeRows} with consecutive blocks starting at row 0
 * until every row is written, then {@link #end}; {@link #close} always (after {@code end}, or to
 * abandon a partial output). Rows arrive unclamped, as the model produced them: sinks clamp every
 * value to [0, 1] (NaN becomes 0) before storing or quantising it.
 */
public interface RowSink extends AutoCloseable {
    /**
     * @param height output rows, ≥ 1
     * @param width output columns, ≥ 1
     * @param channels 3 (RGB) or 4 (RGBA)
     */
    void begin(int height, int width, int channels) throws IOException;

    /**
     * Output rows {@code [y0, y0 + rows.height())}, HWC, with the width and channels given to
     * {@link #begin}. The sink must not keep {@code rows}: the caller reuses the buffer.
     */
    void writeRows(int y0, FloatImage rows) throws IOException;

    /** Completes the output; fails if rows are missing. */
    void end() throws IOException;

    @Override
    void close() throws IOException;
}
