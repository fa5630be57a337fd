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
        // Reflect-padded copy, still HWC interleaved: each kernel tap is then one contiguous
        // multiply-add over a whole output row (w*c floats), which the JIT vectorises.
        int pw = w + 2 * r;
        int rowLen = pw * c;
        float[] src = image.data();
        float[] pad = new float[(h + 2 * r) * rowLen];
        int[] colMap = new int[pw];
        for (int x = 0; x < pw; x++) {
            colMap[x] = reflect(x - r, w);
        }
        for (int py = 0; py < h + 2 * r; py++) {
            int sy = reflect(py - r, h);
            int srcRow = sy * w * c;
            int dstRow = py * rowLen;
            System.arraycopy(src, srcRow, pad, dstRow + r * c, w * c);
            for (int x = 0; x < r; x++) {
                System.arraycopy(src, srcRow + colMap[x] * c, pad, dstRow + x * c, c);
                int xr = pw - 1 - x;
                System.arraycopy(src, srcRow + colMap[xr] * c, pad, dstRow + xr * c, c);
            }
        }
        float[] weights = kernel.raw();
        float[] out = new float[h * w * c];
        int n = w * c;
        for (int y = 0; y < h; y++) {
            int o = y * n;
            for (int ky = 0; ky < k; ky++) {
                int base = (y + ky) * rowLen;
                int kx = 0;
                // four taps per pass: a quarter of the loads and stores of the output row
                for (; kx + 3 < k; kx += 4) {
                    float w0 = weights[ky * k + kx];
                    float w1 = weights[ky * k + kx + 1];
                    float w2 = weights[ky * k + kx + 2];
                    float w3 = weights[ky * k + kx + 3];
                    int s0 = base + kx * c;
                    int s1 = s0 + c;
                    int s2 = s1 + c;
                    int s3 = s2 + c;
                    for (int i = 0; i < n; i++) {
                        out[o + i] += w0 * pad[s0 + i] + w1 * pad[s1 + i] + w2 * pad[s2 + i] + w3 * pad[s3 + i];
                    }
                }
                for (; kx < k; kx++) {
                    float wt = weights[ky * k + kx];
                    int s = base + kx * c;
                    for (int i = 0; i < n; i++) {
                        out[o + i] += wt * pad[s + i];
                    }
                }
            }
        }
        return new FloatImage(h, w, c, out);
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
        float[] src = image.data();
        float[] rows = new float[h * w * c];
        int n = w * c;
        float[] pad = new float[(w + 2 * r) * c];
        for (int y = 0; y < h; y++) {
            // the row reflect-padded, so that each tap is one contiguous multiply-add over the row
            int row = y * n;
            for (int x = 0; x < w + 2 * r; x++) {
                System.arraycopy(src, row + reflect(x - r, w) * c, pad, x * c, c);
            }
            for (int t = 0; t < k; t++) {
                float wt = taps[t];
                int s = t * c;
                for (int i = 0; i < n; i++) {
                    rows[row + i] += wt * pad[s + i];
                }
            }
        }
        float[] out = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            int o = y * n;
            for (int t = 0; t < k; t++) {
                float wt = taps[t];
                int s = reflect(y + t - r, h) * n;
                for (int i = 0; i < n; i++) {
                    out[o + i] += wt * rows[s + i];
                }
            }
        }
        return new FloatImage(h, w, c, out);
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
