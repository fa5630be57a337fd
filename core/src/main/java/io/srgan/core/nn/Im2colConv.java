package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradients of a stride-1 convolution over few input channels (an RGB image: the first layer of
 * a discriminator or a feature network) or to few output channels (a generator's last layer) by
 * im2col and one sgemm each. libnd4j M2.1's
 * {@code conv2d_bp} always computes the input gradient too, which for three channels is the slow
 * direction (27–37 ms for a 96² batch of 16 at 3→64, in isolation), although the discriminator's
 * update discards it; here the weight gradient is colᵀ·dy (13–22 ms with the im2col) and the input
 * gradient, where wanted, col2im(dy·Wᵀ) (14–18 against 22–26 ms for oneDNN's transposed
 * convolution). The forward stays oneDNN's: im2col did not make it faster.
 *
 * <p>col holds one row per output pixel: the k×k window at that pixel in (ky, kx, c) order, zero
 * outside the image, so that it multiplies the weights [k, k, Cin, Cout] read as a
 * [k·k·Cin, Cout] matrix. With Cin ≤ {@link #MAX_CHANNELS} col is at most 36/Cout of the output's
 * size. It is built and scattered back in Java, image by image in parallel, through arrays C2
 * compiles well (libnd4j's {@code im2col} and strided assigns on NHWC views took 10–20x longer).
 * FLOAT only: other types take the native ops.
 *
 * <p>The mirror case, few output channels (a generator's last layer), is the same problem transposed:
 * see {@link #outputSideGradients}.
 */
final class Im2colConv {
    static final int MAX_CHANNELS = 4;

    private Im2colConv() {}

    /** Whether this path takes a convolution of {@code x} with weights {@code w} at {@code stride}. */
    static boolean applies(INDArray x, INDArray w, int stride) {
        long cols = (long) x.size(0) * x.size(1) * x.size(2) * w.size(0) * w.size(1) * w.size(2);
        return stride == 1 && w.size(2) <= MAX_CHANNELS && x.dataType() == DataType.FLOAT
                && w.dataType() == DataType.FLOAT && cols <= Integer.MAX_VALUE / Float.BYTES; // one NIO buffer
    }

    /** {dw [k,k,Cin,Cout], db [Cout]} of the convolution x ⊛ w (padding {@code pad}) for the output gradient {@code gradOut}. */
    static INDArray[] paramGradients(INDArray x, INDArray w, INDArray gradOut, int pad) {
        Shape s = new Shape(x, w, pad);
        INDArray dw = UnfilledArrays.create(DataType.FLOAT, w.shape());
        INDArray gc = KernelSupport.contiguous(gradOut);
        INDArray g = gc.reshape(s.pixels(), s.cout);
        try (INDArray col = im2col(x, s)) {
            Nd4j.gemm(col, g, dw.reshape(s.window(), s.cout), true, false, 1.0, 0.0);
        }
        // ND4J's sum over dimension 0 of a [pixels, Cout] matrix took 40 ms for a 96² batch of 16: the kernel batch norm uses
        INDArray db = Nd4j.createFromArray(BatchNormKernels.toFloats(BatchNormKernels.channelSums(gc, s.cout)));
        if (gc != gradOut) gc.close();
        ConvFlops.add(s.n, s.oh, s.ow, s.cout, s.cin, s.k, 1);
        return new INDArray[] {dw, db};
    }

    /** dL/dx [N,H,W,Cin] of the same convolution. */
    static INDArray inputGradient(INDArray x, INDArray w, INDArray gradOut, int pad) {
        Shape s = new Shape(x, w, pad);
        INDArray gc = KernelSupport.contiguous(gradOut);
        try (INDArray dcol = UnfilledArrays.create(DataType.FLOAT, s.pixels(), (long) s.window())) {
            Nd4j.gemm(gc.reshape(s.pixels(), s.cout), matrix(w), dcol, false, true, 1.0, 0.0);
            ConvFlops.add(s.n, s.oh, s.ow, s.cout, s.cin, s.k, 1);
            return col2im(dcol, s);
        } finally {
            if (gc != gradOut) gc.close();
        }
    }

    /**
     * Whether this path takes the gradients of a convolution of {@code x} with weights {@code w} at
     * {@code stride} from the output side: few output channels (a generator's last layer, a
     * discriminator's one-channel map) over more input channels.
     */
    static boolean appliesToOutput(INDArray x, INDArray w, int stride) {
        long cols = (long) x.size(0) * x.size(1) * x.size(2) * w.size(0) * w.size(1) * w.size(3);
        return stride == 1 && w.size(3) <= MAX_CHANNELS && w.size(2) > MAX_CHANNELS && x.dataType() == DataType.FLOAT
                && w.dataType() == DataType.FLOAT && cols <= Integer.MAX_VALUE / Float.BYTES;
    }

    /**
     * {dx, dw, db} of the convolution x ⊛ w (padding {@code pad}) with few output channels, dw and db
     * null unless {@code params}. The gradients are those of the transposed problem: dx is the
     * convolution of dy with the flipped, transposed weights w̃ [k,k,Cout,Cin] at padding k−1−pad,
     * a convolution over few input channels, so col = im2col(dy) [H·W, k·k·Cout] is small;
     * dx = col·w̃ and dw, read through w̃'s layout, = colᵀ·x: one im2col, two sgemms. (libnd4j's
     * conv2d_bp ran at 20–40 GFLOP/s on 32 → 3 channels.)
     */
    static INDArray[] outputSideGradients(INDArray x, INDArray w, INDArray gradOut, int pad, boolean params) {
        INDArray wt = flippedTransposed(w);
        Shape s = new Shape(gradOut, wt, (int) w.size(0) - 1 - pad); // its output has x's size
        INDArray gc = KernelSupport.contiguous(gradOut);
        INDArray[] g = new INDArray[3];
        try (INDArray col = im2col(gc, s)) {
            g[0] = UnfilledArrays.create(DataType.FLOAT, s.n, s.oh, s.ow, s.cout);
            Nd4j.gemm(col, matrix(wt), g[0].reshape(s.pixels(), s.cout), false, false, 1.0, 0.0);
            ConvFlops.add(s.n, s.h, s.w, s.cin, s.cout, s.k, 1); // counted as the forward's work: over dy's pixels
            if (params) {
                INDArray xc = KernelSupport.contiguous(x);
                try (INDArray dwt = UnfilledArrays.create(DataType.FLOAT, s.window(), s.cout)) {
                    Nd4j.gemm(col, xc.reshape(s.pixels(), s.cout), dwt, true, false, 1.0, 0.0);
                    g[1] = flippedTransposed(dwt.reshape(s.k, s.k, s.cin, s.cout));
                }
                if (xc != x) xc.close();
                g[2] = Nd4j.createFromArray(BatchNormKernels.toFloats(BatchNormKernels.channelSums(gc, s.cin)));
                ConvFlops.add(s.n, s.h, s.w, s.cin, s.cout, s.k, 1);
            }
        } finally {
            if (gc != gradOut) gc.close();
            wt.close();
        }
        return g;
    }

    /** w̃[a,b,o,i] = w[k−1−a, k−1−b, i, o]: the kernel of the transposed convolution (and its own inverse). */
    private static INDArray flippedTransposed(INDArray w) {
        int k = (int) w.size(0), in = (int) w.size(2), out = (int) w.size(3);
        float[] src = new float[k * k * in * out];
        INDArray wc = KernelSupport.contiguous(w);
        KernelSupport.floats(wc).get(0, src);
        if (wc != w) wc.close();
        float[] dst = new float[src.length];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                int from = ((k - 1 - a) * k + (k - 1 - b)) * in * out, to = (a * k + b) * out * in;
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) dst[to + o * in + i] = src[from + i * out + o];
                }
            }
        }
        return Nd4j.create(dst, new long[] {k, k, out, in}, 'c');
    }

    private static INDArray matrix(INDArray w) {
        return w.reshape(w.size(0) * w.size(1) * w.size(2), w.size(3));
    }

    /** col [N·H'·W', k·k·Cin] of x. */
    private static INDArray im2col(INDArray x, Shape s) {
        INDArray xc = KernelSupport.contiguous(x);
        INDArray col = UnfilledArrays.create(DataType.FLOAT, s.pixels(), (long) s.window());
        FloatBuffer src = KernelSupport.floats(xc);
        FloatBuffer dst = KernelSupport.floats(col);
        int imageIn = s.h * s.w * s.cin;
        int imageCol = s.oh * s.ow * s.window();
        int row = s.k * s.cin; // one kernel row of the window: contiguous in the padded image
        IntStream.range(0, s.n).parallel().forEach(i -> {
            float[] padded = s.padded(KernelSupport.scratch(0, s.paddedLength()));
            float[] image = KernelSupport.scratch(1, imageIn);
            float[] cols = KernelSupport.scratch(2, imageCol);
            src.get(i * imageIn, image, 0, imageIn);
            for (int y = 0; y < s.h; y++) {
                System.arraycopy(image, y * s.w * s.cin, padded, ((y + s.pad) * s.wp + s.pad) * s.cin, s.w * s.cin);
            }
            for (int y = 0, p = 0; y < s.oh; y++) {
                for (int x0 = 0; x0 < s.ow; x0++, p += s.window()) {
                    for (int ky = 0; ky < s.k; ky++) System.arraycopy(padded, ((y + ky) * s.wp + x0) * s.cin, cols, p + ky * row, row);
                }
            }
            dst.put(i * imageCol, cols, 0, imageCol);
        });
        if (xc != x) xc.close();
        return col;
    }

    /** The sum over every window of dcol's rows scattered back to the pixels they were read from: [N,H,W,Cin]. */
    private static INDArray col2im(INDArray dcol, Shape s) {
        INDArray dx = UnfilledArrays.create(DataType.FLOAT, s.n, s.h, s.w, s.cin);
        FloatBuffer src = KernelSupport.floats(dcol);
        FloatBuffer dst = KernelSupport.floats(dx);
        int imageIn = s.h * s.w * s.cin;
        int imageCol = s.oh * s.ow * s.window();
        int row = s.k * s.cin;
        IntStream.range(0, s.n).parallel().forEach(i -> {
            float[] padded = s.padded(KernelSupport.scratch(0, s.paddedLength()));
            float[] image = KernelSupport.scratch(1, imageIn);
            float[] cols = KernelSupport.scratch(2, imageCol);
            src.get(i * imageCol, cols, 0, imageCol);
            for (int y = 0, p = 0; y < s.oh; y++) {
                for (int x0 = 0; x0 < s.ow; x0++, p += s.window()) {
                    for (int ky = 0; ky < s.k; ky++) {
                        int to = ((y + ky) * s.wp + x0) * s.cin;
                        int from = p + ky * row;
                        for (int j = 0; j < row; j++) padded[to + j] += cols[from + j];
                    }
                }
            }
            for (int y = 0; y < s.h; y++) {
                System.arraycopy(padded, ((y + s.pad) * s.wp + s.pad) * s.cin, image, y * s.w * s.cin, s.w * s.cin);
            }
            dst.put(i * imageIn, image, 0, imageIn);
        });
        return dx;
    }

    /** Sizes of one convolution; the padded image is (H'+k−1)×(W'+k−1), which is (H+2·pad)×(W+2·pad) at stride 1. */
    private record Shape(int n, int h, int w, int cin, int cout, int k, int pad, int oh, int ow, int wp) {
        Shape(INDArray x, INDArray w, int pad) {
            this((int) x.size(0), (int) x.size(1), (int) x.size(2), (int) w.size(2), (int) w.size(3), (int) w.size(0), pad,
                    (int) x.size(1) + 2 * pad - (int) w.size(0) + 1, (int) x.size(2) + 2 * pad - (int) w.size(0) + 1,
                    (int) x.size(2) + 2 * pad);
            if (x.size(3) != w.size(2)) {
                throw new IllegalArgumentException("input has " + x.size(3) + " channels, weights take " + w.size(2));
            }
        }

        long pixels() { return (long) n * oh * ow; }
        int window() { return k * k * cin; }
        int paddedLength() { return (h + 2 * pad) * wp * cin; }

        /** The scratch array zeroed over the padded image's length. */
        float[] padded(float[] scratch) {
            Arrays.fill(scratch, 0, paddedLength(), 0f);
            return scratch;
        }
    }
}
