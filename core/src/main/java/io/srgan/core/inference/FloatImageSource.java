package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

import java.util.Objects;

/** A {@link TileSource} over an image already in memory (RGB, or RGB plus an alpha plane). */
public final class FloatImageSource implements TileSource {
    private final FloatImage rgb;
    private final FloatImage alpha;
    private int lastY0;

    private FloatImageSource(FloatImage rgb, FloatImage alpha) {
        this.rgb = rgb;
        this.alpha = alpha;
    }

    /** An RGB (3 channels) or RGBA (4 channels) image, HWC, values in [0, 1]; not copied. */
    public static FloatImageSource of(FloatImage image) {
        Objects.requireNonNull(image, "image");
        if (image.channels() == 3) {
            return new FloatImageSource(image, null);
        }
        if (image.channels() == 4) {
            return new FloatImageSource(image, image);
        }
        throw new IllegalArgumentException("source image must have 3 (RGB) or 4 (RGBA) channels, got " + image.channels());
    }

    /** An RGB image (3 channels) with a separate alpha plane (1 channel) of the same size; not copied. */
    public static FloatImageSource of(FloatImage rgb, FloatImage alpha) {
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(alpha, "alpha");
        if (rgb.channels() != 3 || alpha.channels() != 1) {
            throw new IllegalArgumentException("expected 3 RGB channels and 1 alpha channel, got " + rgb.channels()
                    + " and " + alpha.channels());
        }
        if (rgb.height() != alpha.height() || rgb.width() != alpha.width()) {
            throw new IllegalArgumentException("alpha plane " + alpha.height() + "x" + alpha.width()
                    + " does not match the RGB image " + rgb.height() + "x" + rgb.width());
        }
        return new FloatImageSource(rgb, alpha);
    }

    @Override
    public int height() { return rgb.height(); }

    @Override
    public int width() { return rgb.width(); }

    @Override
    public int channels() { return alpha == null ? 3 : 4; }

    @Override
    public FloatImage readRows(int y0, int count) {
        if (y0 < lastY0) {
            throw new IllegalArgumentException("reads are forward-only: row " + y0 + " requested after row " + lastY0);
        }
        if (count < 1 || y0 < 0 || (long) y0 + count > height()) {
            throw new IllegalArgumentException("rows " + y0 + " + " + count + " outside image of height " + height());
        }
        lastY0 = y0;
        if (alpha == null || alpha == rgb) {
            return rgb.crop(y0, 0, count, width());
        }
        FloatImage out = FloatImage.zeros(count, width(), 4);
        float[] o = out.data();
        for (int y = 0; y < count; y++) {
            for (int x = 0; x < width(); x++) {
                int i = (y * width() + x) * 4;
                o[i] = rgb.get(y0 + y, x, 0);
                o[i + 1] = rgb.get(y0 + y, x, 1);
                o[i + 2] = rgb.get(y0 + y, x, 2);
                o[i + 3] = alpha.get(y0 + y, x, 0);
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing held beyond the caller's arrays
    }
}
