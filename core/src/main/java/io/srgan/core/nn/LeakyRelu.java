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

    /** Overwrites x; backward then reads the output's sign bits, which are the input's. */
    @Override
    public INDArray forwardInPlace(INDArray x, Mode mode) {
        if (!KernelSupport.writable(x)) return forward(x, mode);
        PointwiseKernels.leakyRelu(x, x, alpha);
        if (mode.cache()) inputs.push(x);
        return x;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return PointwiseKernels.leakyReluBackward(inputs.pop(), gradOut, alpha);
    }

    @Override
    public INDArray backwardInPlace(INDArray gradOut) {
        if (!KernelSupport.writable(gradOut)) return backward(gradOut);
        PointwiseKernels.leakyReluBackward(inputs.pop(), gradOut, gradOut, alpha);
        return gradOut;
    }

    @Override public void clearCache() { inputs.clear(); }
}
