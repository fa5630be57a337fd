package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling over k×k windows with stride s (Keras MaxPooling2D: "valid" or "same" padding), NHWC.
 * The gradient goes to each window's maximum.
 */
public final class MaxPool2d implements Layer {
    private final int kernel;
    private final int stride;
    private final boolean same;
    private final CacheStack<INDArray> inputs;

    public MaxPool2d(String name, int kernel, int stride, boolean same) {
        if (kernel < 1 || stride < 1) throw new IllegalArgumentException(name + ": pool size and stride must be ≥ 1");
        this.kernel = kernel;
        this.stride = stride;
        this.same = same;
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (NativeOps.pooledSize(Math.min(x.size(1), x.size(2)), kernel, stride, same) < 1) {
            throw new IllegalArgumentException("max pool " + kernel + "×" + kernel + " needs an input of at least that size, got "
                    + x.size(1) + "×" + x.size(2));
        }
        if (mode.cache()) inputs.push(x);
        return NativeOps.maxPool2d(x, kernel, stride, same);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        return NativeOps.maxPool2dBackward(inputs.pop(), gradOut, kernel, stride, same);
    }

    @Override public void clearCache() { inputs.clear(); }
}
