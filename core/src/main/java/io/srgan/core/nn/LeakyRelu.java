package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** max(x, αx) for 0 ≤ α < 1; α = 0 is ReLU. Branch-free kernels: see {@link PointwiseKernels}. */
public final class LeakyRelu implements Layer {
    private final double alpha;
    private final CacheStack<INDArray> inputs;

    public LeakyRelu(String name, double alpha) {
        if (alpha < 0 || alpha >= 1) throw new IllegalArgumentException(name + ": slope must be in [0, 1), got " + alpha);
        this.alpha = alpha;
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(x);
        return PointwiseKernels.leakyRelu(x, alpha);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return PointwiseKernels.leakyReluBackward(inputs.pop(), gradOut, alpha);
    }

    @Override public void clearCache() { inputs.clear(); }
}
