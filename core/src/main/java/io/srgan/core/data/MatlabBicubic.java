package io.srgan.core.data;

/**
 * MATLAB's {@code imresize(img, s)} / {@code imresize(img, 1/s)} with the default bicubic kernel:
 * antialiased when shrinking, plain bicubic when enlarging, symmetric borders, rows (height)
 * resized first, then columns, each pass separable in double precision.
 *
 * <p>The {@code Uint8} methods reproduce MATLAB on a uint8 image bit for bit (the benchmark's
 * {@code LR_bicubic} files): the input is quantised to 0..255, and the result of <em>each</em> pass
 * is rounded half up and clipped to 0..255, because MATLAB's per-axis resize returns the input's
 * class. The float methods skip all rounding and clamp the result to [0, 1].
 *
 * <p>Images are HWC {@link FloatImage}s in [0, 1] with any channel count; channels are resized
 * independently. Scales are integers; shrinking needs sides that are multiples of the scale (apply
 * {@link ModCrop} first), so the output is exactly {@code h/s × w/s}.
 */
public final class MatlabBicubic {
    private MatlabBicubic() {}

    /** {@code imresize(uint8 img, 1/scale, 'bicubic')}: {@code h/s × w/s}, values k/255. */
    public static FloatImage downscaleUint8(FloatImage image, int scale) {
        checkDivisible(image, scale);
        return resize(image, image.height() / scale, image.width() / scale, 1.0 / scale, true);
    }

    /** {@code imresize(uint8 img, scale, 'bicubic')}: {@code h·s × w·s}, values k/255. */
    public static FloatImage upscaleUint8(FloatImage image, int scale) {
        checkScale(scale);
        return resize(image, image.height() * scale, image.width() * scale, scale, true);
    }

    /** As {@link #downscaleUint8} without any quantisation; clamped to [0, 1]. */
    public static FloatImage downscale(FloatImage image, int scale) {
        checkDivisible(image, scale);
        return resize(image, image.height() / scale, image.width() / scale, 1.0 / scale, false);
    }

    /** As {@link #upscaleUint8} without any quantisation; clamped to [0, 1]. */
    public static FloatImage upscale(FloatImage image, int scale) {
        checkScale(scale);
        return resize(image, image.height() * scale, image.width() * scale, scale, false);
    }

    private static FloatImage resize(FloatImage image, int outH, int outW, double scale, boolean uint8) {
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        double[] in = new double[h * w * c];
        float[] src = image.data();
        for (int i = 0; i < in.length; i++) {
            in[i] = uint8 ? Quantizer.level(src[i], 255) : src[i];
        }
        double[] rows = resizeRows(in, h, w * c, BicubicContributions.of(h, outH, scale));
        if (uint8) {
            roundToUint8(rows);
        }
        double[] out = resizeColumns(rows, outH, w, c, BicubicContributions.of(w, outW, scale));
        float[] result = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            result[i] = uint8 ? (float) uint8(out[i]) / 255f : (float) Math.min(1.0, Math.max(0.0, out[i]));
        }
        return new FloatImage(outH, outW, c, result);
    }

    /** Along the height: each output row is a weighted sum of whole input rows of {@code rowLength} values. */
    private static double[] resizeRows(double[] in, int h, int rowLength, BicubicContributions k) {
        double[] out = new double[k.outLength * rowLength];
        for (int o = 0; o < k.outLength; o++) {
            int dst = o * rowLength;
            for (int t = 0; t < k.taps; t++) {
                double wt = k.weight[o * k.taps + t];
                if (wt == 0) {
                    continue; // MATLAB drops all-zero columns; adding 0·x changes no sum
                }
                int srcRow = k.index[o * k.taps + t] * rowLength;
                for (int j = 0; j < rowLength; j++) {
                    out[dst + j] += wt * in[srcRow + j];
                }
            }
        }
        return out;
    }

    /** Along the width, per row and channel. */
    private static double[] resizeColumns(double[] in, int h, int w, int c, BicubicContributions k) {
        int outW = k.outLength;
        double[] out = new double[h * outW * c];
        for (int y = 0; y < h; y++) {
            int srcRow = y * w * c;
            int dstRow = y * outW * c;
            for (int o = 0; o < outW; o++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = 0;
                    for (int t = 0; t < k.taps; t++) {
                        double wt = k.weight[o * k.taps + t];
                        if (wt != 0) {
                            acc += wt * in[srcRow + k.index[o * k.taps + t] * c + ch];
                        }
                    }
                    out[dstRow + o * c + ch] = acc;
                }
            }
        }
        return out;
    }

    private static void roundToUint8(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = uint8(values[i]);
        }
    }

    /** MATLAB's double→uint8 conversion: round half away from zero, saturate at 0 and 255. */
    private static double uint8(double v) {
        return Math.min(255.0, Math.max(0.0, Math.floor(v + 0.5)));
    }

    private static void checkScale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
    }

    private static void checkDivisible(FloatImage image, int scale) {
        checkScale(scale);
        if (image.height() % scale != 0 || image.width() % scale != 0) {
            throw new IllegalArgumentException("image " + image.height() + "x" + image.width()
                    + " is not a multiple of the scale " + scale + ": crop it first with ModCrop.toMultiple");
        }
    }
}
