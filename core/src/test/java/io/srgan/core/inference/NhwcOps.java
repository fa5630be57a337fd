package io.srgan.core.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j custom ops the test models are built from, with the M2.1 argument conventions that
 * {@link Nd4jOpConventionsTest} checks against plain loops. Each call returns a new array the
 * caller closes.
 */
final class NhwcOps {
    private NhwcOps() {
    }

    /**
     * Stride-1 "same" k×k convolution. x {@code [N, H, W, iC]}, w {@code [k, k, iC, oC]}, b {@code [oC]}
     * → {@code [N, H, W, oC]}, zero padding. Integer args: kH, kW, sH, sW, pH, pW, dH, dW,
     * isSameMode = 1, dataFormat = 1 (NHWC; 0 is NCHW), weightFormat = 0 ({@code [kH, kW, iC, oC]};
     * 1 is {@code [oC, iC, kH, kW]}, 2 is {@code [oC, kH, kW, iC]}).
     */
    static INDArray conv2dSame(INDArray x, INDArray w, INDArray b) {
        int k = (int) w.size(0);
        return Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b)
                .addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, 1, 1, 0).build())[0];
    }

    /**
     * {@code [N, H, W, C·r²]} → {@code [N, H·r, W·r, C]}. Integer args: blockSize, isNHWC = 1.
     * Channel order is TensorFlow's DCR: output {@code (h·r + i, w·r + j, c)} reads input channel
     * {@code (i·r + j)·C + c} — not PyTorch's {@code pixel_shuffle}, which reads {@code c·r² + i·r + j}.
     */
    static INDArray depthToSpace(INDArray x, int blockSize) {
        return Nd4j.exec(DynamicCustomOp.builder("depth_to_space").addInputs(x)
                .addIntegerArguments(blockSize, 1).build())[0];
    }

    /** LeakyReLU: x for x ≥ 0, slope·x otherwise. Float arg: slope. */
    static INDArray leakyRelu(INDArray x, double slope) {
        return Nd4j.exec(DynamicCustomOp.builder("lrelu").addInputs(x).addFloatingPointArguments(slope).build())[0];
    }
}
