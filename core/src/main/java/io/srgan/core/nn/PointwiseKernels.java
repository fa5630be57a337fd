package io.srgan.core.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Leaky ReLU and per-channel PReLU, forward and backward, as branch-free Java loops over the arrays'
 * buffers. libnd4j's lrelu/lrelu_bp pick each element's branch with a jump, which the CPU mispredicts
 * on half the elements of a zero-centred activation: measured here (shared machine) 22–32 ms for
 * one forward pass over a 96²×32×16 map and 33–49 ms backward, against 3.5–6 ms for these loops and
 * ~2 ms for libnd4j's vectorised add. Branch-free means:
 * max(x, αx) for the forward (α < 1), and the slope picked by integer arithmetic on the sign bit.
 *
 * <p>The slope is chosen by the sign bit of the forward's input or output (they agree: the output of
 * a negative input is negative or −0), so a backward can use either. Results equal libnd4j's
 * {@code lrelu} up to α's rounding (here α has the map's type; libnd4j rounds it differently), and
 * ReLU gives −0 for negative inputs; the gradient at exactly +0 is 1. Inputs may be FLOAT or DOUBLE;
 * results are new c-ordered arrays or, for the in-place variants, written into a given one.
 */
final class PointwiseKernels {
    private PointwiseKernels() {}

    /** max(x, αx) for 0 ≤ α < 1. */
    static INDArray leakyRelu(INDArray x, double alpha) {
        INDArray src = KernelSupport.contiguous(x);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        leakyRelu(src, out, alpha);
        if (src != x) src.close();
        return out;
    }

    /** max(x, αx) into {@code out}, which may be x itself; both contiguous, same shape and type. */
    static void leakyRelu(INDArray x, INDArray out, double alpha) {
        int n = Math.toIntExact(x.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
            float a = (float) alpha;
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    float v = s.get(i);
                    d.put(i, Math.max(v, v * a));
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

    /** g where {@code signSource} is non-negative (sign bit clear), α·g elsewhere. */
    static INDArray leakyReluBackward(INDArray signSource, INDArray gradOut, double alpha) {
        INDArray g0 = KernelSupport.contiguous(gradOut);
        INDArray out = Nd4j.createUninitialized(gradOut.dataType(), gradOut.shape());
        leakyReluBackward(signSource, g0, out, alpha);
        if (g0 != gradOut) g0.close();
        return out;
    }

    /** As above into {@code out} (contiguous; may be gradOut itself). */
    static void leakyReluBackward(INDArray signSource, INDArray gradOut, INDArray out, double alpha) {
        INDArray s0 = KernelSupport.contiguous(signSource);
        int n = Math.toIntExact(gradOut.length());
        if (gradOut.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(s0), g = KernelSupport.floats(gradOut), d = KernelSupport.floats(out);
            int one = Float.floatToRawIntBits(1f), step = Float.floatToRawIntBits((float) alpha) - one;
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    int negative = Float.floatToRawIntBits(s.get(i)) >>> 31;
                    d.put(i, g.get(i) * Float.intBitsToFloat(one + negative * step));
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(s0), g = KernelSupport.doubles(gradOut), d = KernelSupport.doubles(out);
            long one = Double.doubleToRawLongBits(1.0), step = Double.doubleToRawLongBits(alpha) - one;
            KernelSupport.chunks(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    long negative = Double.doubleToRawLongBits(s.get(i)) >>> 63;
                    d.put(i, g.get(i) * Double.longBitsToDouble(one + negative * step));
                }
            });
        }
        if (s0 != signSource) s0.close();
    }

    /** Per-channel PReLU on the last axis: x where x's sign bit is clear, a_c·x elsewhere. */
    static INDArray prelu(INDArray x, INDArray slopes) {
        INDArray src = KernelSupport.contiguous(x);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        prelu(src, out, slopes);
        if (src != x) src.close();
        return out;
    }

    /** As above into {@code out} (contiguous; may be x itself). */
    static void prelu(INDArray x, INDArray out, INDArray slopes) {
        int n = Math.toIntExact(x.length());
        int c = Math.toIntExact(slopes.length());
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x), d = KernelSupport.floats(out);
            int one = Float.floatToRawIntBits(1f);
            int[] step = new int[c];
            float[] a = slopes.toFloatVector();
            for (int k = 0; k < c; k++) step[k] = Float.floatToRawIntBits(a[k]) - one;
            KernelSupport.chunks(n, c, (lo, hi) -> {
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        float v = s.get(i + k);
                        d.put(i + k, v * Float.intBitsToFloat(one + (Float.floatToRawIntBits(v) >>> 31) * step[k]));
                    }
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x), d = KernelSupport.doubles(out);
            long one = Double.doubleToRawLongBits(1.0);
            long[] step = new long[c];
            double[] a = slopes.toDoubleVector();
            for (int k = 0; k < c; k++) step[k] = Double.doubleToRawLongBits(a[k]) - one;
            KernelSupport.chunks(n, c, (lo, hi) -> {
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double v = s.get(i + k);
                        d.put(i + k, v * Double.longBitsToDouble(one + (Double.doubleToRawLongBits(v) >>> 63) * step[k]));
                    }
                }
            });
        }
    }

    /**
     * dL/dx of {@link #prelu} (g where x's sign bit is clear, a_c·g elsewhere); when
     * {@code slopeGrad} is not null, adds Σ g·min(x, 0) per channel into it. Chunks sum in double
     * and are added in chunk order, so the result does not depend on the thread count.
     */
    static INDArray preluBackward(INDArray x, INDArray gradOut, INDArray slopes, INDArray slopeGrad) {
        INDArray x0 = KernelSupport.contiguous(x), g0 = KernelSupport.contiguous(gradOut);
        INDArray out = Nd4j.createUninitialized(gradOut.dataType(), gradOut.shape());
        int n = Math.toIntExact(x.length());
        int c = Math.toIntExact(slopes.length());
        double[] a = slopes.toDoubleVector();
        double[][] partial = new double[KernelSupport.chunkCount(n, c)][c];
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer s = KernelSupport.floats(x0), g = KernelSupport.floats(g0), d = KernelSupport.floats(out);
            int one = Float.floatToRawIntBits(1f);
            int[] step = new int[c];
            for (int k = 0; k < c; k++) step[k] = Float.floatToRawIntBits((float) a[k]) - one;
            KernelSupport.chunks(n, c, (lo, hi) -> {
                double[] acc = partial[lo / KernelSupport.chunkSize(c)];
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        float v = s.get(i + k), gv = g.get(i + k);
                        acc[k] += gv * Math.min(v, 0f);
                        int negative = Float.floatToRawIntBits(v) >>> 31;
                        d.put(i + k, gv * Float.intBitsToFloat(one + negative * step[k]));
                    }
                }
            });
        } else {
            DoubleBuffer s = KernelSupport.doubles(x0), g = KernelSupport.doubles(g0), d = KernelSupport.doubles(out);
            long one = Double.doubleToRawLongBits(1.0);
            long[] step = new long[c];
            for (int k = 0; k < c; k++) step[k] = Double.doubleToRawLongBits(a[k]) - one;
            KernelSupport.chunks(n, c, (lo, hi) -> {
                double[] acc = partial[lo / KernelSupport.chunkSize(c)];
                for (int i = lo; i < hi; i += c) {
                    for (int k = 0; k < c; k++) {
                        double v = s.get(i + k), gv = g.get(i + k);
                        acc[k] += gv * Math.min(v, 0.0);
                        long negative = Double.doubleToRawLongBits(v) >>> 63;
                        d.put(i + k, gv * Double.longBitsToDouble(one + negative * step[k]));
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
        if (g0 != gradOut) g0.close();
        return out;
    }
}
