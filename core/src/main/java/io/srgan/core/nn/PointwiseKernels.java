package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Leaky ReLU and per-channel PReLU, forward and backward, as branch-free Java loops over the arrays'
 * buffers (a leaky ReLU of slope > 0 on a FLOAT map goes to oneDNN's eltwise kernels instead:
 * {@link DnnlEltwise}). libnd4j's lrelu/lrelu_bp pick each element's branch with a jump, which the CPU mispredicts
 * on half the elements of a zero-centred activation: measured here (shared machine) 22–32 ms for
 * one forward pass over a 96²×32×16 map and 33–49 ms backward, against ~2 ms for libnd4j's
 * vectorised add. Float maps go block by block through float[] copies that C2 vectorises (see
 * {@link KernelSupport#block}); the expressions use only min, max, multiply and add, which it can.
 *
 * <p>Forward: max(x, αx) (α < 1); PReLU max(x, 0) + a_c·min(x, 0). Backward: the slope is chosen
 * by x > 0 ({@link KernelSupport#positive}), so the gradient at ±0 is α, as PyTorch's; the forward's
 * input or output may be given (they agree in sign: the output of a negative input is negative or
 * −0). Results equal libnd4j's {@code lrelu} up to α's rounding (here α has the map's type; libnd4j
 * rounds it differently). Inputs may be FLOAT or DOUBLE; results are new c-ordered arrays or, for
 * the in-place variants, written into a given one.
 */
final class PointwiseKernels {
    private PointwiseKernels() {}

    /** max(x, αx) for 0 ≤ α < 1. */
    static INDArray leakyRelu(INDArray x, double alpha) {
        INDArray src = KernelSupport.contiguous(x);
        INDArray out = UnfilledArrays.create(x.dataType(), x.shape());
        leakyRelu(src, out, alpha);
        if (src != x) src.close();
        return out;
    }

    /** max(x, αx) into {@code out}, which may be x itself; both contiguous, same shape and type. */
    static void leakyRelu(INDArray x, INDArray out, double alpha) {
        if (DnnlEltwise.applies(x, alpha)) {
            DnnlEltwise.leakyRelu(x, out, (float) alpha);
            return;
        }
        javaLeakyRelu(x, out, alpha);
    }

    /** {@link #leakyRelu(INDArray, INDArray, double)} as Java loops (where {@link DnnlEltwise} is not: ReLU, DOUBLE maps, no natives). */
    static void javaLeakyRelu(INDArray x, INDArray out, double alpha) {
        int n = Math.toIntExact(x.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
            float a = (float) alpha;
            int block = KernelSupport.block(1);
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                float[] t = KernelSupport.scratch(0, block);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, t, 0, m);
                    for (int i = 0; i < m; i++) t[i] = Math.max(t[i], t[i] * a);
                    d.put(p, t, 0, m);
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x), d = KernelSupport.doubles(out);
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    double v = s.get(i);
                    d.put(i, Math.max(v, v * alpha));
                }
            });
        }
    }

    /** g where {@code signSource} is positive, α·g elsewhere. */
    static INDArray leakyReluBackward(INDArray signSource, INDArray gradOut, double alpha) {
        INDArray g0 = KernelSupport.contiguous(gradOut);
        INDArray out = UnfilledArrays.create(gradOut.dataType(), gradOut.shape());
        leakyReluBackward(signSource, g0, out, alpha);
        if (g0 != gradOut) g0.close();
        return out;
    }

    /** As above into {@code out} (contiguous; may be gradOut itself). */
    static void leakyReluBackward(INDArray signSource, INDArray gradOut, INDArray out, double alpha) {
        INDArray s0 = KernelSupport.contiguous(signSource);
        if (DnnlEltwise.applies(gradOut, alpha) && s0.dataType() == DataType.FLOAT) {
            DnnlEltwise.leakyReluBackward(s0, gradOut, out, (float) alpha);
        } else {
            javaLeakyReluBackward(s0, gradOut, out, alpha);
        }
        if (s0 != signSource) s0.close();
    }

    /** {@link #leakyReluBackward(INDArray, INDArray, INDArray, double)} as Java loops; {@code s0} contiguous. */
    static void javaLeakyReluBackward(INDArray s0, INDArray gradOut, INDArray out, double alpha) {
        int n = Math.toIntExact(gradOut.length());
        if (gradOut.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(s0), g = KernelSupport.floats(gradOut), d = KernelSupport.floats(out);
            float a = (float) alpha;
            int block = KernelSupport.block(1);
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                float[] ts = KernelSupport.scratch(0, block), tg = KernelSupport.scratch(1, block);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, ts, 0, m);
                    g.get(p, tg, 0, m);
                    for (int i = 0; i < m; i++) {
                        float up = KernelSupport.positive(ts[i]);
                        tg[i] *= up + a * (1f - up); // exactly 1 or α
                    }
                    d.put(p, tg, 0, m);
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(s0), g = KernelSupport.doubles(gradOut), d = KernelSupport.doubles(out);
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) d.put(i, s.get(i) > 0 ? g.get(i) : g.get(i) * alpha);
            });
        }
    }

    /** Per-channel PReLU on the last axis: x where x's sign bit is clear, a_c·x elsewhere. */
    static INDArray prelu(INDArray x, INDArray slopes) {
        INDArray src = KernelSupport.contiguous(x);
        INDArray out = UnfilledArrays.create(x.dataType(), x.shape());
        prelu(src, out, slopes);
        if (src != x) src.close();
        return out;
    }

    /** As above into {@code out} (contiguous; may be x itself). A {@link BlockedLayout} map gets its slopes by channel block. */
    static void prelu(INDArray x, INDArray out, INDArray slopes) {
        if (BlockedLayout.isBlocked(x)) {
            preluBlocked(x, out, slopes);
            return;
        }
        int n = Math.toIntExact(x.length());
        int c = Math.toIntExact(slopes.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
            int block = KernelSupport.block(c);
            float[] a = KernelSupport.tile(slopes.toFloatVector(), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] t = KernelSupport.scratch(0, block);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, t, 0, m);
                    for (int i = 0; i < m; i++) t[i] = Math.max(t[i], 0f) + a[i] * Math.min(t[i], 0f);
                    d.put(p, t, 0, m);
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x), d = KernelSupport.doubles(out);
            double[] a = slopes.toDoubleVector();
            KernelSupport.chunks(n, c, (lo, hi) -> {
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double v = s.get(i + k);
                        d.put(i + k, Math.max(v, 0) + a[k] * Math.min(v, 0));
                    }
                }
            });
        }
    }

    /**
     * dL/dx of {@link #prelu} (g where x > 0, a_c·g elsewhere); when {@code slopeGrad} is not null,
     * adds Σ g·min(x, 0) per channel into it. Each chunk sums (a float map: per position of a block
     * in float, then those in double) and the chunks are added in order, so the result does not
     * depend on the thread count.
     */
    static INDArray preluBackward(INDArray x, INDArray gradOut, INDArray slopes, INDArray slopeGrad) {
        INDArray g0 = KernelSupport.contiguous(gradOut);
        INDArray out = UnfilledArrays.create(gradOut.dataType(), gradOut.shape());
        preluBackward(x, g0, out, slopes, slopeGrad);
        if (g0 != gradOut) g0.close();
        return out;
    }

    /** As above into {@code out} (contiguous, as gradOut; may be gradOut itself). Blocked maps as {@link #prelu}. */
    static void preluBackward(INDArray x, INDArray gradOut, INDArray out, INDArray slopes, INDArray slopeGrad) {
        INDArray x0 = KernelSupport.contiguous(x);
        if (BlockedLayout.isBlocked(x)) {
            preluBackwardBlocked(x0, gradOut, out, slopes, slopeGrad);
            if (x0 != x) x0.close();
            return;
        }
        int n = Math.toIntExact(x.length());
        int c = Math.toIntExact(slopes.length());
        int per = KernelSupport.chunkSize(c);
        double[][] partial = new double[KernelSupport.chunkCount(n, c)][c];
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x0), g = KernelSupport.floats(gradOut), d = KernelSupport.floats(out);
            int block = KernelSupport.block(c);
            float[] a = KernelSupport.tile(slopes.toFloatVector(), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] ts = KernelSupport.scratch(0, block), tg = KernelSupport.scratch(1, block);
                float[] lanes = KernelSupport.scratch(2, block); // Σ g·min(x, 0) per position of the block
                java.util.Arrays.fill(lanes, 0, block, 0f);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, ts, 0, m);
                    g.get(p, tg, 0, m);
                    for (int i = 0; i < m; i++) {
                        float v = ts[i], gv = tg[i], up = KernelSupport.positive(v);
                        lanes[i] += gv * Math.min(v, 0f);
                        tg[i] = gv * (up + a[i] * (1f - up)); // exactly g or a·g
                    }
                    d.put(p, tg, 0, m);
                }
                KernelSupport.foldLanes(lanes, block, partial[lo / per]);
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x0), g = KernelSupport.doubles(gradOut), d = KernelSupport.doubles(out);
            double[] a = slopes.toDoubleVector();
            KernelSupport.chunks(n, c, (lo, hi) -> {
                double[] acc = partial[lo / per];
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double v = s.get(i + k), gv = g.get(i + k);
                        acc[k] += gv * Math.min(v, 0.0);
                        d.put(i + k, v > 0 ? gv : gv * a[k]);
                    }
                }
            });
        }
        if (slopeGrad != null) {
            double[] total = new double[c];
            for (double[] p : partial) for (int k = 0; k < c; k++) total[k] += p[k];
            try (INDArray sum = Nd4j.createFromArray(total).castTo(slopeGrad.dataType())) {
                slopeGrad.addi(sum.reshape(slopeGrad.shape()));
            }
        }
        if (x0 != x) x0.close();
    }

    /**
     * {@link #prelu} on a {@link BlockedLayout} map [N, C/16, H, W, 16] into {@code out} (may be x):
     * each (n, channel block) slab is a 16-channel NHWC map with its block's 16 slopes.
     */
    private static void preluBlocked(INDArray x, INDArray out, INDArray slopes) {
        FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
        Slabs slabs = new Slabs(x, slopes);
        IntStream.range(0, slabs.count).parallel().forEach(k -> {
            float[] a = slabs.tiles[k % slabs.blocks];
            float[] t = KernelSupport.scratch(0, slabs.block);
            for (int p = k * slabs.length, end = p + slabs.length; p < end; p += slabs.block) {
                int m = Math.min(slabs.block, end - p);
                s.get(p, t, 0, m);
                for (int i = 0; i < m; i++) t[i] = Math.max(t[i], 0f) + a[i] * Math.min(t[i], 0f);
                d.put(p, t, 0, m);
            }
        });
    }

    /** {@link #preluBackward} on blocked maps (x and gradOut blocked; {@code out} may be gradOut), slab by slab, summed in slab order. */
    private static void preluBackwardBlocked(INDArray x, INDArray gradOut, INDArray out, INDArray slopes, INDArray slopeGrad) {
        FloatBuffer s = KernelSupport.floats(x), g = KernelSupport.floats(gradOut), d = KernelSupport.floats(out);
        Slabs slabs = new Slabs(x, slopes);
        double[][] partial = new double[slabs.count][BlockedLayout.BLOCK];
        IntStream.range(0, slabs.count).parallel().forEach(k -> {
            float[] a = slabs.tiles[k % slabs.blocks];
            float[] ts = KernelSupport.scratch(0, slabs.block), tg = KernelSupport.scratch(1, slabs.block);
            float[] lanes = KernelSupport.scratch(2, slabs.block);
            java.util.Arrays.fill(lanes, 0, slabs.block, 0f);
            for (int p = k * slabs.length, end = p + slabs.length; p < end; p += slabs.block) {
                int m = Math.min(slabs.block, end - p);
                s.get(p, ts, 0, m);
                g.get(p, tg, 0, m);
                for (int i = 0; i < m; i++) {
                    float v = ts[i], gv = tg[i], up = KernelSupport.positive(v);
                    lanes[i] += gv * Math.min(v, 0f);
                    tg[i] = gv * (up + a[i] * (1f - up));
                }
                d.put(p, tg, 0, m);
            }
            KernelSupport.foldLanes(lanes, slabs.block, partial[k]);
        });
        if (slopeGrad != null) {
            double[] total = new double[Math.toIntExact(slopes.length())];
            for (int k = 0; k < slabs.count; k++) {
                int b = k % slabs.blocks;
                for (int l = 0; l < BlockedLayout.BLOCK; l++) total[b * BlockedLayout.BLOCK + l] += partial[k][l];
            }
            try (INDArray sum = Nd4j.createFromArray(total).castTo(slopeGrad.dataType())) {
                slopeGrad.addi(sum.reshape(slopeGrad.shape()));
            }
        }
    }

    /** A blocked map's (n, channel block) slabs, and each block's 16 slopes tiled to the kernels' block length. */
    private static final class Slabs {
        final int count, blocks, length, block;
        final float[][] tiles;

        Slabs(INDArray x, INDArray slopes) {
            if (!BlockedLayout.isBlocked(x) || x.dataType() != DataType.FLOAT || BlockedLayout.channels(x) != slopes.length()) {
                throw new IllegalArgumentException("blocked PReLU of " + java.util.Arrays.toString(x.shape()) + " with "
                        + slopes.length() + " slopes");
            }
            blocks = Math.toIntExact(x.size(1));
            count = Math.toIntExact(x.size(0)) * blocks;
            length = Math.toIntExact(x.size(2) * x.size(3) * BlockedLayout.BLOCK);
            block = KernelSupport.block(BlockedLayout.BLOCK);
            float[] all = slopes.toFloatVector();
            tiles = new float[blocks][];
            for (int b = 0; b < blocks; b++) {
                tiles[b] = KernelSupport.tile(java.util.Arrays.copyOfRange(all, b * BlockedLayout.BLOCK, (b + 1) * BlockedLayout.BLOCK), block);
            }
        }
    }
}
