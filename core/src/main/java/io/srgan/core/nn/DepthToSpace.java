package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Sub-pixel shuffle [N,H,W,r²C] → [N,rH,rW,C] (channel order: see {@link NativeOps#depthToSpace}). */
public final class DepthToSpace implements Layer {
    private final int factor;

    public DepthToSpace(int factor) { this.factor = factor; }

    @Override public INDArray forward(INDArray x, Mode mode) { return SubPixelShuffle.depthToSpace(x, factor); }

    /** The shuffle is a permutation, so its gradient is the inverse permutation. */
    @Override public INDArray backward(INDArray gradOut) { return SubPixelShuffle.spaceToDepth(gradOut, factor); }
}
