package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** libnd4j's own ops for what the layers compute in Java ({@link PointwiseKernels}, {@link SubPixelShuffle}): the tests' independent reference. */
final class LibNd4jReference {
    private static final int NHWC = 1;

    private LibNd4jReference() {}

    /** Leaky ReLU with slope {@code alpha} below zero (alpha 0 is ReLU); the reference PointwiseKernels is checked against. */
    static INDArray leakyRelu(INDArray x, double alpha) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("lrelu").addInputs(x).addOutputs(out).addFloatingPointArguments(alpha).build());
        return out;
    }

    static INDArray leakyReluBackward(INDArray x, INDArray gradOut, double alpha) {
        INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("lrelu_bp").addInputs(x, gradOut).addOutputs(dx)
                .addFloatingPointArguments(alpha).build());
        return dx;
    }

    /**
     * Depth-to-space by r in NHWC with TensorFlow's channel order: output channel c at offset (i, j)
     * of each r×r block comes from input channel (i·r + j)·C + c. (PyTorch's PixelShuffle uses
     * c·r² + i·r + j; weights trained here are consistent with the order used here.)
     */
    static INDArray depthToSpace(INDArray x, int r) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1) * r, x.size(2) * r, x.size(3) / (r * r));
        Nd4j.exec(DynamicCustomOp.builder("depth_to_space").addInputs(x).addOutputs(out).addIntegerArguments(r, NHWC).build());
        return out;
    }

    /** Inverse of {@link #depthToSpace} (and its exact gradient: the op is a permutation). */
    static INDArray spaceToDepth(INDArray x, int r) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), x.size(1) / r, x.size(2) / r, x.size(3) * r * r);
        Nd4j.exec(DynamicCustomOp.builder("space_to_depth").addInputs(x).addOutputs(out).addIntegerArguments(r, NHWC).build());
        return out;
    }
}
