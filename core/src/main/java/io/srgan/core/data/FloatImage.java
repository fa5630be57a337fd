package io.srgan.core.data;

import java.util.Objects;

/**
 * An image as the models see it: {@code height × width × channels} floats, interleaved row-major
 * (HWC, the layout of one NHWC batch entry), values in [0, 1]. Three channels are RGB; one channel
 * is a single plane (Y, alpha). Mutable only through {@link #data()}; nothing here copies.
 */
public final class FloatImage implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;
    private final float[] data;

    public FloatImage(int height, int width, int channels, float[] data) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width + "x" + channels);
        }
        Objects.requireNonNull(data, "data");
        if ((long) height * width * channels != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != " + height + "*" + width + "*" + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.data = data;
    }

    public static FloatImage zeros(int height, int width, int channels) {
        return new FloatImage(height, width, channels, new float[Math.multiplyExact(Math.multiplyExact(height, width), channels)]);
    }

    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    /** The backing array (HWC interleaved); callers may write into it. */
    public float[] data() { return data; }

    public float get(int y, int x, int c) { return data[(y * width + x) * channels + c]; }
    public void set(int y, int x, int c, float v) { data[(y * width + x) * channels + c] = v; }

    /** A copy of the rectangle [y0, y0+h) × [x0, x0+w). */
    public FloatImage crop(int y0, int x0, int h, int w) {
        if (y0 < 0 || x0 < 0 || y0 + h > height || x0 + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + "@(" + y0 + "," + x0 + ") outside " + height + "x" + width);
        }
        float[] out = new float[h * w * channels];
        for (int y = 0; y < h; y++) {
            System.arraycopy(data, ((y0 + y) * width + x0) * channels, out, y * w * channels, w * channels);
        }
        return new FloatImage(h, w, channels, out);
    }
}
