package io.srgan.core.metric;

import io.srgan.core.data.FloatImage;
import io.srgan.core.data.Quantizer;

/**
 * Luma planes from {@link FloatImage}s in [0, 1], on the 0–255 scale. With {@code quantise8} each
 * sample is first taken to its 8-bit level (round half up, {@link Quantizer}), so the arithmetic is
 * on exact integers 0..255 as in the reference evaluator; without it, on {@code 255·v}.
 */
public final class ColorConvert {
    private ColorConvert() {}

    /**
     * BT.601 studio-range Y as MATLAB's {@code rgb2ycbcr}:
     * {@code Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255} with R, G, B on 0–255, i.e.
     * {@code 16 + 65.481 r + 128.553 g + 24.966 b} for r, g, b in [0, 1]. Needs 3 channels.
     */
    public static YPlane rgbToY(FloatImage rgb, boolean quantise8) {
        double[] s = samples(rgb, 3, quantise8);
        double[] y = new double[rgb.height() * rgb.width()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 16.0 + (65.481 * s[3 * i] + 128.553 * s[3 * i + 1] + 24.966 * s[3 * i + 2]) / 255.0;
        }
        return new YPlane(rgb.height(), rgb.width(), y);
    }

    /**
     * Full-range BT.601 luma {@code (65.481 R + 128.553 G + 24.966 B) / 219} on 0–255, which equals v
     * when R = G = B = v: how an RGB output is compared with a gray image under
     * {@link GrayPolicy#DIRECT}. Needs 3 channels.
     */
    public static YPlane rgbToFullRangeLuma(FloatImage rgb, boolean quantise8) {
        double[] s = samples(rgb, 3, quantise8);
        double[] y = new double[rgb.height() * rgb.width()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (65.481 * s[3 * i] + 128.553 * s[3 * i + 1] + 24.966 * s[3 * i + 2]) / 219.0;
        }
        return new YPlane(rgb.height(), rgb.width(), y);
    }

    /** A gray image's value as Y ({@link GrayPolicy#DIRECT}): {@code 255·v}. Needs 1 channel. */
    public static YPlane grayToY(FloatImage gray, boolean quantise8) {
        return new YPlane(gray.height(), gray.width(), samples(gray, 1, quantise8));
    }

    /** A gray image as R = G = B through the Y formula ({@link GrayPolicy#REPLICATE}). Needs 1 channel. */
    public static YPlane grayToYReplicated(FloatImage gray, boolean quantise8) {
        double[] s = samples(gray, 1, quantise8);
        double[] y = new double[s.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 16.0 + (65.481 * s[i] + 128.553 * s[i] + 24.966 * s[i]) / 255.0;
        }
        return new YPlane(gray.height(), gray.width(), y);
    }

    private static double[] samples(FloatImage image, int channels, boolean quantise8) {
        if (image.channels() != channels) {
            throw new IllegalArgumentException("expected a " + channels + "-channel image, got " + image.channels() + " channels");
        }
        float[] data = image.data();
        double[] out = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = quantise8 ? Quantizer.level(data[i], 255) : 255.0 * data[i];
        }
        return out;
    }
}
