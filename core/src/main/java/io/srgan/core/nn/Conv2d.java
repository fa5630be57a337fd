package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * k×k convolution, NHWC, padding k/2 on each side (as PyTorch's {@code padding=k//2}), so stride 1
 * keeps the size and stride 2 gives ⌊(H−1)/2⌋+1. Weights [k, k, in, out], bias [out].
 */
public final class Conv2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;
    private final CacheStack<INDArray> inputs;

    public Conv2d(String name, int in, int out, int kernel, int stride, double initScale, Init init) {
        if (kernel % 2 == 0) throw new IllegalArgumentException(name + ": kernel must be odd, got " + kernel);
        this.weight = Param.trainable(name + ".weight", init.kaimingNormal(new long[] {kernel, kernel, in, out},
                (long) kernel * kernel * in, initScale));
        this.bias = Param.trainable(name + ".bias", init.zeros(out));
        this.stride = stride;
        this.pad = kernel / 2;
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(x);
        return NativeOps.conv2d(x, weight.value(), bias.value(), stride, pad);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray[] g = NativeOps.conv2dBackward(inputs.pop(), weight.value(), bias.value(), gradOut, stride, pad);
        weight.accumulate(g[1]);
        bias.accumulate(g[2]);
        return g[0];
    }

    @Override public List<Param> params() { return List.of(weight, bias); }
    @Override public void clearCache() { inputs.clear(); }

    DataType dataType() { return weight.value().dataType(); }
}
