package io.srgan.core.degrade;

import io.srgan.core.data.FloatImage;

import java.util.Objects;

/**
 * PyTorch's {@code F.interpolate} on one image (float32 CPU semantics), separably: rows, then columns.
 * <ul>
 *   <li>AREA: {@code adaptive_avg_pool2d}, source cells {@code [floor(o·in/out), ceil((o+1)·in/out))}.</li>
 *   <li>BILINEAR: {@code align_corners=False}, source {@code max(0, s·(o+½)−½)}, upper neighbour clamped.</li>
 *   <li>BICUBIC: same source mapping without the clamp at 0, Keys a = −0.75, indices clamped to the edge.</li>
 * </ul>
 * No antialiasing when shrinking (torch's default {@code antialias=False}): Real-ESRGAN relies on the
 * resulting aliasing as one more degradation. Output is not clamped (bicubic overshoots, as in torch).
 */
public final class Interpolate {
    private Interpolate() {}

    /** {@code F.interpolate(x, size=(outH, outW), mode)}: the coordinate scale is in/out. */
    public static FloatImage toSize(FloatImage image, int outH, int outW, ResizeMode mode) {
        checkSize(outH, outW);
        return resize(image, outH, outW, (double) image.height() / outH, (double) image.width() / outW, mode);
    }

    /**
     * {@code F.interpolate(x, scale_factor=factor, mode)}: the output is {@code floor(in·factor)},
     * and (torch's default {@code recompute_scale_factor=None}) bilinear/bicubic map coordinates by
     * 1/factor, not in/out. AREA uses only the output size.
     */
    public static FloatImage byFactor(FloatImage image, double factor, ResizeMode mode) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("resize factor must be finite and > 0, got " + factor);
        }
        int outH = (int) Math.floor(image.height() * factor);
        int outW = (int) Math.floor(image.width() * factor);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("resizing " + image.height() + "x" + image.width() + " by " + factor + " leaves no pixels");
        }
        return resize(image, outH, outW, 1.0 / factor, 1.0 / factor, mode);
    }

    private static FloatImage resize(FloatImage image, int outH, int outW, double scaleH, double scaleW, ResizeMode mode) {
        Objects.requireNonNull(mode, "mode");
        int h = image.height();
        int w = image.width();
        int c = image.channels();
        if (outH == h && outW == w && (mode == ResizeMode.AREA || (scaleH == 1.0 && scaleW == 1.0))) {
            return new FloatImage(h, w, c, image.data().clone()); // every mode is the identity here
        }
        Taps tx = taps(w, outW, scaleW, mode);
        Taps ty = taps(h, outH, scaleH, mode);
        float[] src = image.data();
        // rows: h × outW × c
        float[] mid = new float[h * outW * c];
        int n = tx.n;
        for (int y = 0; y < h; y++) {
            int srow = y * w * c;
            int drow = y * outW * c;
            for (int ox = 0; ox < outW; ox++) {
                int d = drow + ox * c;
                for (int t = 0; t < n; t++) {
                    float wt = tx.weight[ox * n + t];
                    if (wt == 0f) {
                        continue;
                    }
                    int s = srow + tx.index[ox * n + t] * c;
                    for (int ch = 0; ch < c; ch++) {
                        mid[d + ch] += wt * src[s + ch];
                    }
                }
            }
        }
        // columns: outH × outW × c, each tap a contiguous row multiply-add
        float[] out = new float[outH * outW * c];
        int row = outW * c;
        int m = ty.n;
        for (int oy = 0; oy < outH; oy++) {
            int d = oy * row;
            for (int t = 0; t < m; t++) {
                float wt = ty.weight[oy * m + t];
                if (wt == 0f) {
                    continue;
                }
                int s = ty.index[oy * m + t] * row;
                for (int i = 0; i < row; i++) {
                    out[d + i] += wt * mid[s + i];
                }
            }
        }
        return new FloatImage(outH, outW, c, out);
    }

    /** Source indices and weights of each output index along one axis, {@code n} per output. */
    private record Taps(int n, int[] index, float[] weight) {}

    private static Taps taps(int in, int out, double scale, ResizeMode mode) {
        return switch (mode) {
            case AREA -> area(in, out);
            case BILINEAR -> bilinear(in, out, scale);
            case BICUBIC -> bicubic(in, out, scale);
        };
    }

    private static Taps area(int in, int out) {
        int n = 0;
        for (int o = 0; o < out; o++) {
            n = Math.max(n, end(o, in, out) - start(o, in, out));
        }
        int[] index = new int[out * n];
        float[] weight = new float[out * n];
        for (int o = 0; o < out; o++) {
            int s = start(o, in, out);
            int e = end(o, in, out);
            float wt = (float) (1.0 / (e - s));
            for (int t = 0; t < e - s; t++) {
                index[o * n + t] = s + t;
                weight[o * n + t] = wt;
            }
        }
        return new Taps(n, index, weight);
    }

    private static int start(int o, int in, int out) {
        return (int) ((long) o * in / out);
    }

    private static int end(int o, int in, int out) {
        return (int) (((long) (o + 1) * in + out - 1) / out);
    }

    private static Taps bilinear(int in, int out, double scale) {
        int[] index = new int[out * 2];
        float[] weight = new float[out * 2];
        for (int o = 0; o < out; o++) {
            double src = Math.max(scale * (o + 0.5) - 0.5, 0.0);
            int i0 = Math.min((int) src, in - 1);
            int i1 = i0 < in - 1 ? i0 + 1 : i0;
            double l1 = src - i0;
            index[2 * o] = i0;
            index[2 * o + 1] = i1;
            weight[2 * o] = (float) (1.0 - l1);
            weight[2 * o + 1] = (float) l1;
        }
        return new Taps(2, index, weight);
    }

    private static final double A = -0.75;

    private static Taps bicubic(int in, int out, double scale) {
        int[] index = new int[out * 4];
        float[] weight = new float[out * 4];
        for (int o = 0; o < out; o++) {
            double src = scale * (o + 0.5) - 0.5;
            int i = (int) Math.floor(src);
            double t = src - i;
            double[] wts = {far(t + 1), near(t), near(1 - t), far(2 - t)};
            for (int k = 0; k < 4; k++) {
                index[4 * o + k] = Math.min(Math.max(i - 1 + k, 0), in - 1);
                weight[4 * o + k] = (float) wts[k];
            }
        }
        return new Taps(4, index, weight);
    }

    /** Keys cubic for |x| <= 1. */
    private static double near(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Keys cubic for 1 < |x| < 2. */
    private static double far(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    private static void checkSize(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outH + "x" + outW);
        }
    }
}
