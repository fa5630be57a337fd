package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;

/**
 * BasicSR's {@code filter2D}: {@code F.pad(mode='reflect')} by the kernel radius, then
 * {@code F.conv2d}, i.e. a cross-correlation (no kernel flip; every Real-ESRGAN kernel is
 * point-symmetric anyway) of each channel with the same kernel. Reflect is mirror-without-edge-repeat
 * ({@code dcb|abcd|cba}, OpenCV's REFLECT_101). Torch refuses a pad >= the image side; here the mirror
 * simply repeats, so tiny images still filter.
 */
public final class Filter2D {
    private Filter2D() {}

    public static FloatImage apply(FloatImage image, Kernel2D kernel) {
        if (kernel.separableTaps() != null) {
            return separable(image, kernel.separableTaps());
        }
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        int r = kernel.radius();
        int k = kernel.size();
        if (k == 1) { // identity up to the weight; the pulse kernel skips the work
            float[] out = image.data().clone();
            float w0 = kernel.at(0, 0);
            if (w0 != 1f) {
                for (int i = 0; i < out.length; i++) {
                    out[i] *= w0;
                }
            }
            return new FloatImage(h, w, c, out);
        }
        // Each padded input row is copied once per horizontal tap, shifted (see accumulate), and
        // added with every kernel row into the output rows it reaches: k copies a row, not k².
        float[] weights = kernel.raw();
        float[][] kernelRows = new float[k][];
        for (int ky = 0; ky < k; ky++) kernelRows[ky] = java.util.Arrays.copyOfRange(weights, ky * k, (ky + 1) * k);
        int n = w * c;
        float[][] out = new float[h][n];
        float[][] shifted = new float[k][n];
        float[] padRow = new float[(w + 2 * r) * c];
        for (int py = 0; py < h + 2 * r; py++) {
            padRow(image, reflect(py - r, h), r, padRow);
            for (int kx = 0; kx < k; kx++) System.arraycopy(padRow, kx * c, shifted[kx], 0, n);
            for (int ky = 0; ky < k; ky++) { // output row y gets kernel row ky from padded row y + ky
                int y = py - ky;
                if (y >= 0 && y < h) accumulate(out[y], shifted, kernelRows[ky], n);
            }
        }
        return joined(out, w, c);
    }

    /**
     * {@link #apply} with the kernel {@code taps ⊗ taps} (an odd 1-D kernel), as a row pass then a
     * column pass with the same reflect padding: equal up to float rounding, in 2k instead of k²
     * multiply-adds a sample.
     */
    public static FloatImage separable(FloatImage image, float[] taps) {
        int k = taps.length;
        if (k % 2 == 0) {
            throw new IllegalArgumentException("separable kernel size must be odd, got " + k);
        }
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        int r = k / 2;
        int n = w * c;
        float[][] rows = new float[h][n];
        float[][] shifted = new float[k][n];
        float[] padRow = new float[(w + 2 * r) * c];
        for (int y = 0; y < h; y++) {
            padRow(image, y, r, padRow);
            for (int t = 0; t < k; t++) System.arraycopy(padRow, t * c, shifted[t], 0, n);
            accumulate(rows[y], shifted, taps, n);
        }
        float[][] out = new float[h][n];
        float[][] sources = new float[k][];
        for (int y = 0; y < h; y++) {
            for (int t = 0; t < k; t++) sources[t] = rows[reflect(y + t - r, h)];
            accumulate(out[y], sources, taps, n);
        }
        return joined(out, w, c);
    }

    /** Row {@code y} of the image reflect-padded by r pixels on each side into {@code padRow}. */
    private static void padRow(FloatImage image, int y, int r, float[] padRow) {
        int w = image.width();
        int c = image.channels();
        float[] src = image.data();
        int row = y * w * c;
        System.arraycopy(src, row, padRow, r * c, w * c);
        for (int x = 0; x < r; x++) {
            System.arraycopy(src, row + reflect(x - r, w) * c, padRow, x * c, c);
            int xr = w + 2 * r - 1 - x;
            System.arraycopy(src, row + reflect(xr - r, w) * c, padRow, xr * c, c);
        }
    }

    /**
     * out[i] += Σ_t taps[t]·sources[t][i] for i < n, four taps per pass over the output row. Every
     * array is indexed by i alone: C2 (JDK 17) leaves a loop scalar when a load's offset differs
     * from the store's (the arrays might be one), so the filters copy shifted rows into arrays of
     * their own rather than read one row at offsets; measured 3x faster.
     */
    private static void accumulate(float[] out, float[][] sources, float[] taps, int n) {
        int k = taps.length;
        int t = 0;
        for (; t + 3 < k; t += 4) {
            float w0 = taps[t];
            float w1 = taps[t + 1];
            float w2 = taps[t + 2];
            float w3 = taps[t + 3];
            float[] s0 = sources[t];
            float[] s1 = sources[t + 1];
            float[] s2 = sources[t + 2];
            float[] s3 = sources[t + 3];
            for (int i = 0; i < n; i++) {
                out[i] += w0 * s0[i] + w1 * s1[i] + w2 * s2[i] + w3 * s3[i];
            }
        }
        for (; t < k; t++) {
            float wt = taps[t];
            float[] s0 = sources[t];
            for (int i = 0; i < n; i++) {
                out[i] += wt * s0[i];
            }
        }
    }

    private static FloatImage joined(float[][] rows, int w, int c) {
        float[] out = new float[rows.length * w * c];
        for (int y = 0; y < rows.length; y++) System.arraycopy(rows[y], 0, out, y * w * c, w * c);
        return new FloatImage(rows.length, w, c, out);
    }

    /** Index {@code i} mirrored into [0, n) without repeating the edge sample. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
