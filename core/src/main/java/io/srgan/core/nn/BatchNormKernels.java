package io.srgan.core.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the rows of a channels-last map ([…, C], c-ordered), as Java loops with
 * per-channel sums in double. libnd4j's column reductions and {@code batchnorm_bp} took 12–40 ms on
 * a 16×48²×64 map here, as long as a 64→64 convolution of it; these are memory-bound passes. Float
 * maps go through vectorised blocks (see {@link KernelSupport#block}).
 *
 * <p>Every reduction sums fixed chunks (see {@link KernelSupport#chunks}) and adds the chunks in
 * order, so results do not depend on the number of threads. Within a chunk a float map is summed in
 * float per position of a block (16 terms each: chunk / block) and those partial sums in double.
 */
final class BatchNormKernels {
    private BatchNormKernels() {}

    /**
     * Per-channel mean and biased variance (two passes: the second sums (x − mean)²). The first sums
     * x − x₀ (x₀ the first row): a channel far from zero against its spread would lose its spread
     * in float partial sums of x.
     */
    static double[][] meanAndVariance(INDArray x, int channels) {
        int n = Math.toIntExact(x.length());
        double rows = (double) n / channels;
        double[] pivot = x.reshape(-1, channels).getRow(0).toDoubleVector();
        double[] mean = sums(x, pivot, false, channels);
        for (int k = 0; k < channels; k++) mean[k] = pivot[k] + mean[k] / rows;
        double[] var = sums(x, mean, true, channels);
        for (int k = 0; k < channels; k++) var[k] /= rows;
        return new double[][] {mean, var};
    }

    /**
     * out = (x − centre_c)·scale_c + shift_c (out may be x). Centred first (x·scale + (shift − centre·scale)
     * cancels in float when a channel's mean is large against its spread), by a float pair (see {@link #high}).
     */
    static void affine(INDArray x, INDArray out, double[] centre, double[] scale, double[] shift) {
        int n = Math.toIntExact(x.length());
        int c = scale.length;
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
            int block = KernelSupport.block(c);
            float[] centreHi = KernelSupport.tile(high(centre), block), centreLo = KernelSupport.tile(low(centre), block);
            float[] a = KernelSupport.tile(toFloats(scale), block), b = KernelSupport.tile(toFloats(shift), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] t = KernelSupport.scratch(0, block);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, t, 0, m);
                    for (int i = 0; i < m; i++) t[i] = (t[i] - centreHi[i] - centreLo[i]) * a[i] + b[i];
                    d.put(p, t, 0, m);
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x), d = KernelSupport.doubles(out);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) d.put(i + k, (s.get(i + k) - centre[k]) * scale[k] + shift[k]);
                }
            });
        }
    }

    /**
     * Backward through y = γ·(x − μ)·σ⁻¹ + β with batch statistics μ, σ² (which depend on x):
     * with S = Σg and T = Σg·(x − μ) per channel, dβ = S, dγ = T·σ⁻¹ and
     * dx = γσ⁻¹·(g − S/m) − γσ⁻³·T/m·(x − μ), with x centred before the product (as in {@link #affine}).
     * Writes dx into {@code dx} (which may be g) and returns {dγ, dβ}.
     */
    static double[][] backward(INDArray x, INDArray g, INDArray dx, double[] mean, double[] invStd, double[] gamma) {
        int c = mean.length;
        double rows = (double) x.length() / c;
        double[][] sums = gradientSums(x, g, mean);
        double[] sumG = sums[0], sumGX = sums[1];
        double[] a = new double[c], b = new double[c], shift = new double[c];
        double[] dGamma = new double[c];
        for (int k = 0; k < c; k++) {
            a[k] = gamma[k] * invStd[k];
            b[k] = -gamma[k] * invStd[k] * invStd[k] * invStd[k] * sumGX[k] / rows;
            shift[k] = -a[k] * sumG[k] / rows;
            dGamma[k] = sumGX[k] * invStd[k];
        }
        // dx = a·g + b·(x − μ) + shift
        int n = Math.toIntExact(x.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = KernelSupport.floats(x), gs = KernelSupport.floats(g), d = KernelSupport.floats(dx);
            int block = KernelSupport.block(c);
            float[] af = KernelSupport.tile(toFloats(a), block), bf = KernelSupport.tile(toFloats(b), block);
            float[] sf = KernelSupport.tile(toFloats(shift), block);
            float[] centreHi = KernelSupport.tile(high(mean), block), centreLo = KernelSupport.tile(low(mean), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] tx = KernelSupport.scratch(0, block), tg = KernelSupport.scratch(1, block);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    xs.get(p, tx, 0, m);
                    gs.get(p, tg, 0, m);
                    for (int i = 0; i < m; i++) tg[i] = af[i] * tg[i] + bf[i] * (tx[i] - centreHi[i] - centreLo[i]) + sf[i];
                    d.put(p, tg, 0, m);
                }
            });
        } else {
            DoubleBuffer xs = KernelSupport.doubles(x), gs = KernelSupport.doubles(g), d = KernelSupport.doubles(dx);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) d.put(i + k, a[k] * gs.get(i + k) + b[k] * (xs.get(i + k) - mean[k]) + shift[k]);
                }
            });
        }
        return new double[][] {dGamma, sumG};
    }

    /** Per-channel Σ of x; x contiguous, channels last. */
    static double[] channelSums(INDArray x, int c) {
        return sums(x, new double[c], false, c);
    }

    /** Per-channel Σ (x − centre) or Σ (x − centre)²; x contiguous, channels last. */
    private static double[] sums(INDArray x, double[] centre, boolean squares, int c) {
        int n = Math.toIntExact(x.length());
        double[][] partial = new double[KernelSupport.chunkCount(n, c)][c];
        int per = KernelSupport.chunkSize(c);
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x);
            int block = KernelSupport.block(c);
            float[] centreHi = KernelSupport.tile(high(centre), block), centreLo = KernelSupport.tile(low(centre), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] t = KernelSupport.scratch(0, block), lanes = KernelSupport.scratch(2, block);
                java.util.Arrays.fill(lanes, 0, block, 0f);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    s.get(p, t, 0, m);
                    if (squares) {
                        for (int i = 0; i < m; i++) {
                            float v = t[i] - centreHi[i] - centreLo[i];
                            lanes[i] += v * v;
                        }
                    } else {
                        for (int i = 0; i < m; i++) lanes[i] += t[i] - centreHi[i] - centreLo[i];
                    }
                }
                KernelSupport.foldLanes(lanes, block, partial[lo / per]);
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                double[] acc = partial[lo / per];
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double v = s.get(i + k) - centre[k];
                        acc[k] += squares ? v * v : v;
                    }
                }
            });
        }
        return addChunks(partial, c);
    }

    /** Per-channel {Σg, Σg·(x − mean)} in one pass over x and g. */
    private static double[][] gradientSums(INDArray x, INDArray g, double[] mean) {
        int c = mean.length;
        int n = Math.toIntExact(x.length());
        int chunks = KernelSupport.chunkCount(n, c);
        double[][] partialG = new double[chunks][c], partialGX = new double[chunks][c];
        int per = KernelSupport.chunkSize(c);
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer xs = KernelSupport.floats(x), gs = KernelSupport.floats(g);
            int block = KernelSupport.block(c);
            float[] centreHi = KernelSupport.tile(high(mean), block), centreLo = KernelSupport.tile(low(mean), block);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                float[] tx = KernelSupport.scratch(0, block), tg = KernelSupport.scratch(1, block);
                float[] lanesG = KernelSupport.scratch(2, block), lanesGX = KernelSupport.scratch(3, block);
                java.util.Arrays.fill(lanesG, 0, block, 0f);
                java.util.Arrays.fill(lanesGX, 0, block, 0f);
                for (int p = lo; p < hi; p += block) {
                    int m = Math.min(block, hi - p);
                    xs.get(p, tx, 0, m);
                    gs.get(p, tg, 0, m);
                    for (int i = 0; i < m; i++) {
                        lanesG[i] += tg[i];
                        lanesGX[i] += tg[i] * (tx[i] - centreHi[i] - centreLo[i]);
                    }
                }
                KernelSupport.foldLanes(lanesG, block, partialG[lo / per]);
                KernelSupport.foldLanes(lanesGX, block, partialGX[lo / per]);
            });
        } else {
            DoubleBuffer xs = KernelSupport.doubles(x), gs = KernelSupport.doubles(g);
            KernelSupport.chunks(n, c, (lo, hi) -> {
                double[] accG = partialG[lo / per], accGX = partialGX[lo / per];
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double gv = gs.get(i + k);
                        accG[k] += gv;
                        accGX[k] += gv * (xs.get(i + k) - mean[k]);
                    }
                }
            });
        }
        return new double[][] {addChunks(partialG, c), addChunks(partialGX, c)};
    }

    /** Adds per-chunk sums in chunk order, so the total does not depend on which thread ran which chunk. */
    private static double[] addChunks(double[][] partial, int c) {
        double[] total = new double[c];
        for (double[] p : partial) for (int k = 0; k < c; k++) total[k] += p[k];
        return total;
    }

    /**
     * A centre as a float pair hi + lo: x − hi is exact for x near hi (within a factor of 2), so
     * (x − hi) − lo keeps the digits a float centre would round away.
     */
    private static float[] high(double[] centre) { return toFloats(centre); }

    private static float[] low(double[] centre) {
        float[] lo = new float[centre.length];
        for (int k = 0; k < lo.length; k++) lo[k] = (float) (centre[k] - (float) centre[k]);
        return lo;
    }

    static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
