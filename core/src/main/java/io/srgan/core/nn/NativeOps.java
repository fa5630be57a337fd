package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thin wrappers over the libnd4j custom ops the layers use, all on NHWC tensors. Calling the ops
 * directly (instead of through SameDiff or DL4J layers) lets libnd4j's oneDNN helpers run the
 * convolutions, and lets the caller free every intermediate array deterministically.
 * Every method allocates its outputs; the caller owns (and should close) them.
 */
public final class NativeOps {
    private static final int NHWC = 1;
    private static final int WEIGHTS_KKIO = 0; // [kH, kW, in, out]
    private static final int EXPLICIT_PADDING = 0;

    private NativeOps() {}

    /** Convolution: x [N,H,W,Cin], w [k,k,Cin,Cout], b [Cout] -> [N,H',W',Cout] with padding {@code pad}; in a {@link Bf16Scope}, FLOAT's by bf16 products. */
    public static INDArray conv2d(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        INDArray out = Bf16Scope.active() && x.dataType() == DataType.FLOAT ? DnnlConv.forwardBf16(x, w, b, stride, pad)
                : libnd4jConv2d(x, w, b, stride, pad);
        ConvFlops.add(x.size(0), out.size(1), out.size(2), w.size(3), w.size(2), (int) w.size(0), 1);
        return out;
    }

    /** Gradients of {@link #conv2d}: returns {dx, dw, db}. */
    public static INDArray[] conv2dBackward(INDArray x, INDArray w, INDArray b, INDArray gradOut, int stride, int pad) {
        int k = (int) w.size(0);
        INDArray dx = UnfilledArrays.create(x.dataType(), x.shape());
        INDArray dw = UnfilledArrays.create(w.dataType(), w.shape());
        INDArray db = UnfilledArrays.create(b.dataType(), b.shape());
        exec("conv2d_bp", new INDArray[] {x, w, b, gradOut}, new INDArray[] {dx, dw, db}, convArgs(k, stride, pad));
        ConvFlops.add(x.size(0), gradOut.size(1), gradOut.size(2), w.size(3), w.size(2), k, 2);
        return new INDArray[] {dx, dw, db};
    }

    /** {@link #conv2d} by libnd4j's conv2d op (any data type; its oneDNN helper for FLOAT). */
    private static INDArray libnd4jConv2d(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        int k = (int) w.size(0);
        long outH = (x.size(1) + 2L * pad - k) / stride + 1;
        long outW = (x.size(2) + 2L * pad - k) / stride + 1;
        INDArray out = UnfilledArrays.create(x.dataType(), x.size(0), outH, outW, w.size(3));
        exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {out}, convArgs(k, stride, pad));
        return out;
    }

    /**
     * Transposed convolution: x [N,H,W,Cin], w [k,k,Cout,Cin], b [Cout] or null -> [N,(H-1)s-2p+k, …, Cout].
     * The bias is added here rather than by the native op: oneDNN (in libnd4j M2.1) adds a
     * deconvolution's bias with its reference loop, which took as long as the transposed convolution
     * itself for some of the discriminator's shapes (measured: 59.7 against 28.5 ms for a stride-2 64→64 at 48²).
     */
    public static INDArray deconv2d(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        int k = (int) w.size(0);
        long outH = (x.size(1) - 1) * stride - 2L * pad + k;
        long outW = (x.size(2) - 1) * stride - 2L * pad + k;
        INDArray out = UnfilledArrays.create(x.dataType(), x.size(0), outH, outW, w.size(2));
        exec("deconv2d", new INDArray[] {x, w}, new INDArray[] {out}, convArgs(k, stride, pad));
        ConvFlops.add(x.size(0), x.size(1), x.size(2), w.size(2), w.size(3), k, 1);
        if (b != null) out.reshape(-1, out.size(3)).addiRowVector(b.reshape(1, -1));
        return out;
    }

    /** Gradients of {@link #deconv2d}: returns {dx, dw, db}. */
    public static INDArray[] deconv2dBackward(INDArray x, INDArray w, INDArray b, INDArray gradOut, int stride, int pad) {
        int k = (int) w.size(0);
        INDArray dx = UnfilledArrays.create(x.dataType(), x.shape());
        INDArray dw = UnfilledArrays.create(w.dataType(), w.shape());
        INDArray db = UnfilledArrays.create(b.dataType(), b.shape());
        exec("deconv2d_bp", new INDArray[] {x, w, b, gradOut}, new INDArray[] {dx, dw, db}, convArgs(k, stride, pad));
        ConvFlops.add(x.size(0), x.size(1), x.size(2), w.size(2), w.size(3), k, 2);
        return new INDArray[] {dx, dw, db};
    }

    /**
     * Max pooling over k×k windows with stride s, no padding: "valid" ({@code same} false) keeps
     * ⌊(H−k)/s⌋+1 rows; "same" keeps ⌈H/s⌉, the windows at the bottom and right edges being cut
     * short (TensorFlow's SAME: the extra padding goes after the input and never wins the max).
     */
    public static INDArray maxPool2d(INDArray x, int k, int stride, boolean same) {
        long outH = pooledSize(x.size(1), k, stride, same);
        long outW = pooledSize(x.size(2), k, stride, same);
        INDArray out = UnfilledArrays.create(x.dataType(), x.size(0), outH, outW, x.size(3));
        exec("maxpool2d", new INDArray[] {x}, new INDArray[] {out}, poolArgs(k, stride, same));
        return out;
    }

    /** Gradient of {@link #maxPool2d}: each output gradient goes to the input element that was the window's max. */
    public static INDArray maxPool2dBackward(INDArray x, INDArray gradOut, int k, int stride, boolean same) {
        INDArray dx = UnfilledArrays.create(x.dataType(), x.shape());
        exec("maxpool2d_bp", new INDArray[] {x, gradOut}, new INDArray[] {dx}, poolArgs(k, stride, same));
        return dx;
    }

    static long pooledSize(long in, int k, int stride, boolean same) {
        return same ? (in + stride - 1) / stride : (in - k) / stride + 1;
    }

    private static int[] poolArgs(int k, int stride, boolean same) {
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, (unused for max), NHWC
        return new int[] {k, k, stride, stride, 0, 0, 1, 1, same ? 1 : 0, 0, NHWC};
    }

    /**
     * Bilinear resize of an NHWC batch with half-pixel centres (PyTorch's align_corners=False).
     * Forward only: used for the generator's skip path, which has no parameters.
     */
    public static INDArray resizeBilinear(INDArray x, int outH, int outW) {
        INDArray out = UnfilledArrays.create(x.dataType(), x.size(0), outH, outW, x.size(3));
        exec("resize_bilinear", new INDArray[] {x}, new INDArray[] {out}, new int[] {outH, outW}, false, true);
        return out;
    }

    /**
     * Runs a libnd4j op. Inputs whose strides are not a dense row-major layout's go in as copies:
     * libnd4j M2.1's conv2d and conv2d_bp misread such views (a channel slice of an NHWC tensor gave
     * wrong outputs and weight gradients, measured; a batch slice, dense, is read right).
     */
    private static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] intArgs, boolean... boolArgs) {
        INDArray[] dense = new INDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) dense[i] = Shape.hasDefaultStridesForShape(inputs[i]) ? inputs[i] : inputs[i].dup('c');
        try {
            DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(dense).addOutputs(outputs).addIntegerArguments(intArgs);
            if (boolArgs.length > 0) b.addBooleanArguments(boolArgs);
            Nd4j.exec(b.build());
        } finally {
            for (int i = 0; i < inputs.length; i++) if (dense[i] != inputs[i]) dense[i].close();
        }
    }

    private static int[] convArgs(int k, int stride, int pad) {
        return new int[] {k, k, stride, stride, pad, pad, 1, 1, EXPLICIT_PADDING, NHWC, WEIGHTS_KKIO};
    }
}
