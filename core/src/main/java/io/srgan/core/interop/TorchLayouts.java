package io.srgan.core.interop;

/**
 * PyTorch ↔ this project's tensor layouts. PyTorch convs are [out, in, kH, kW]; here they are
 * [kH, kW, in, out] (NHWC). A conv feeding a sub-pixel shuffle also needs its output channels
 * reordered: PyTorch's PixelShuffle(r) takes output channel c at block offset (i, j) from channel
 * c·r² + i·r + j, this project's depth-to-space from (i·r + j)·C + c.
 */
final class TorchLayouts {
    private TorchLayouts() {}

    /** [out, in, kH, kW] → [kH, kW, in, out]. */
    static FloatTensor convWeight(FloatTensor w) { return convWeight(w, 1); }

    /**
     * [out, in, kH, kW] → [kH, kW, in, out], with the output channels reordered for a ×{@code r}
     * depth-to-space ({@code r} = 1: none).
     */
    static FloatTensor convWeight(FloatTensor w, int r) {
        int out = (int) w.dim(0), in = (int) w.dim(1), kh = (int) w.dim(2), kw = (int) w.dim(3);
        float[] src = w.data();
        float[] dst = new float[src.length];
        for (int o = 0; o < out; o++) {
            int to = shuffled(o, out, r);
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[((y * kw + x) * in + i) * out + to] = src[((o * in + i) * kh + y) * kw + x];
                    }
                }
            }
        }
        return new FloatTensor(new long[] {kh, kw, in, out}, dst);
    }

    /** A bias [out], reordered like {@link #convWeight(FloatTensor, int)}'s output channels. */
    static FloatTensor bias(FloatTensor b, int r) {
        int out = (int) b.dim(0);
        float[] dst = new float[out];
        for (int o = 0; o < out; o++) dst[shuffled(o, out, r)] = b.data()[o];
        return new FloatTensor(b.shape(), dst);
    }

    /** Where PyTorch's output channel o = c·r² + s (s = i·r + j) goes here: s·C + c. */
    static int shuffled(int o, int out, int r) {
        int rr = r * r;
        return (o % rr) * (out / rr) + o / rr;
    }

    /** The inverse of {@link #convWeight(FloatTensor, int)}: [kH, kW, in, out] → [out, in, kH, kW], PyTorch's channel order. */
    static FloatTensor torchConvWeight(FloatTensor w, int r) {
        int kh = (int) w.dim(0), kw = (int) w.dim(1), in = (int) w.dim(2), out = (int) w.dim(3);
        float[] src = w.data();
        float[] dst = new float[src.length];
        for (int o = 0; o < out; o++) {
            int from = shuffled(o, out, r);
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + from];
                    }
                }
            }
        }
        return new FloatTensor(new long[] {out, in, kh, kw}, dst);
    }

    /** The inverse of {@link #bias(FloatTensor, int)}. */
    static FloatTensor torchBias(FloatTensor b, int r) {
        int out = (int) b.dim(0);
        float[] dst = new float[out];
        for (int o = 0; o < out; o++) dst[o] = b.data()[shuffled(o, out, r)];
        return new FloatTensor(b.shape(), dst);
    }
}
