package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

/**
 * A {@link RowSink} that assembles the whole output in memory as one {@link FloatImage} (HWC,
 * 3 or 4 channels, values clamped to [0, 1]). For outputs too large for the heap use
 * {@link PngRowSink}.
 */
public final class FloatImageSink implements RowSink {
    private final RowSequence sequence = new RowSequence();
    private FloatImage image;

    @Override
    public void begin(int height, int width, int channels) {
        sequence.begin(height, width, channels);
        long size = (long) height * width * channels;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output " + height + "x" + width + "x" + channels
                    + " does not fit in one float array; stream it to a PngRowSink instead");
        }
        image = FloatImage.zeros(height, width, channels);
    }

    @Override
    public void writeRows(int y0, FloatImage rows) {
        sequence.accept(y0, rows);
        float[] src = rows.data();
        float[] dst = image.data();
        int offset = y0 * rows.width() * rows.channels();
        for (int i = 0; i < src.length; i++) {
            dst[offset + i] = UnitInterval.clamp(src[i]);
        }
    }

    @Override
    public void end() {
        sequence.end();
    }

    /** The completed output. */
    public FloatImage image() {
        if (!sequence.ended()) {
            throw new IllegalStateException("the output is not complete yet (end() not called)");
        }
        return image;
    }

    @Override
    public void close() {
        // heap only
    }
}
