package io.srgan.spark.upscale;

import io.srgan.core.data.ColourMode;
import io.srgan.core.data.FailureTrackingInputStream;
import io.srgan.core.data.FloatImage;
import io.srgan.core.data.InvalidImageException;
import io.srgan.core.inference.PngTileSource;
import java.io.IOException;

/**
 * A PNG streamed row by row ({@link PngTileSource}): a few strips of LR rows in memory, whatever the
 * height. A read that fails on the data (truncated, corrupt) is an {@link InvalidImageException};
 * one that fails because the stream did stays the stream's I/O error.
 */
final class PngInput implements InputImage {
    private final PngTileSource source;
    private final FailureTrackingInputStream stream;
    private final String name;

    PngInput(PngTileSource source, FailureTrackingInputStream stream, String name) {
        this.source = source;
        this.stream = stream;
        this.name = name;
    }

    @Override public int height() { return source.height(); }

    @Override public int width() { return source.width(); }

    @Override public int channels() { return source.channels(); }

    @Override public ColourMode mode() { return source.mode(); }

    @Override public int bitDepth() { return source.bitDepth(); }

    @Override
    public FloatImage readRows(int y0, int count) throws IOException {
        try {
            return source.readRows(y0, count);
        } catch (IOException e) {
            if (stream.failure() != null) throw stream.failure();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidImageException(name, "corrupt or truncated png data (rows " + y0 + ".." + (y0 + count) + ": "
                    + cause.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
