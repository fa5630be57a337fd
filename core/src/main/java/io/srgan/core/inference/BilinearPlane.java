package io.srgan.core.inference;

import io.srgan.core.data.FloatImage;

/**
 * Bilinear ×s upscaling of one channel (used for alpha), computable for any band of output rows.
 * Sample positions follow the half-pixel convention (output pixel y reads LR position
 * {@code (y + 0.5)/s − 0.5}, as OpenCV's {@code INTER_LINEAR} and PyTorch's
 * {@code align_corners=False}), with edge pixels repeated beyond the border. Output band rows
 * {@code [c0·s, c1·s)} need LR rows {@code [c0 − 1, c1]} (clamped to the image): see
 * {@link #lrRowsNeeded}.
 */
final class BilinearPlane {
    private BilinearPlane() {
    }

    /** The LR rows that output rows {@code outRows} (in output pixels) read. */
    static Span lrRowsNeeded(Span outRows, int scale, int lrHeight) {
        int first = Math.max(0, floorSource(outRows.start(), scale));
        int last = Math.min(lrHeight - 1, floorSource(outRows.end() - 1, scale) + 1);
        return new Span(first, Math.max(first, last) - first + 1);
    }

    /**
     * Fills channel {@code outChannel} of {@code out}, whose row 0 is output row {@code outY0}, from
     * channel {@code channel} of {@code lr}, whose row 0 is LR row {@code lrY0} of an image
     * {@code lrHeight} rows high. {@code out} is {@code lr.width()·scale} wide.
     *
     * @throws IllegalArgumentException if {@code lr} lacks rows the band needs
     */
    static void upscale(FloatImage lr, int lrY0, int lrHeight, int channel, int scale, FloatImage out, int outY0, int outChannel) {
        int lrWidth = lr.width();
        if (out.width() != Math.multiplyExact(lrWidth, scale)) {
            throw new IllegalArgumentException("output band is " + out.width() + " wide, expected " + lrWidth + " x " + scale);
        }
        Span needed = lrRowsNeeded(new Span(outY0, out.height()), scale, lrHeight);
        if (!new Span(lrY0, lr.height()).contains(needed)) {
            throw new IllegalArgumentException("LR rows " + lrY0 + ".." + (lrY0 + lr.height()) + " do not cover rows "
                    + needed.start() + ".." + needed.end() + " needed for output rows " + outY0 + ".." + (outY0 + out.height()));
        }
        int[] x0 = new int[out.width()];
        int[] x1 = new int[out.width()];
        float[] wx = new float[out.width()];
        for (int x = 0; x < out.width(); x++) {
            float pos = sourcePosition(x, scale);
            int left = (int) Math.floor(pos);
            wx[x] = pos - left;
            x0[x] = clamp(left, lrWidth);
            x1[x] = clamp(left + 1, lrWidth);
        }
        for (int y = 0; y < out.height(); y++) {
            float pos = sourcePosition(outY0 + y, scale);
            int top = (int) Math.floor(pos);
            float wy = pos - top;
            int r0 = clamp(top, lrHeight) - lrY0;
            int r1 = clamp(top + 1, lrHeight) - lrY0;
            for (int x = 0; x < out.width(); x++) {
                float a = lr.get(r0, x0[x], channel) * (1 - wx[x]) + lr.get(r0, x1[x], channel) * wx[x];
                float b = lr.get(r1, x0[x], channel) * (1 - wx[x]) + lr.get(r1, x1[x], channel) * wx[x];
                out.set(y, x, outChannel, a * (1 - wy) + b * wy);
            }
        }
    }

    private static float sourcePosition(int outIndex, int scale) {
        return (outIndex + 0.5f) / scale - 0.5f;
    }

    private static int floorSource(int outIndex, int scale) {
        return (int) Math.floor(sourcePosition(outIndex, scale));
    }

    private static int clamp(int i, int length) {
        return i < 0 ? 0 : (i >= length ? length - 1 : i);
    }
}
