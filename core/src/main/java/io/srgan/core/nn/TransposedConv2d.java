package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transposed convolution that upsamples by its stride: kernel 2s, padding s/2 (so ×2 uses 4×4,
 * stride 2, padding 1, the usual learnable ×2 upsampler). Weights [k, k, out, in], bias [out].
 */
public final class TransposedConv2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;
    private final CacheStack<SavedInput> inputs;
    private final INDArray zeroBias; // for the input-gradient-only path; made here, as state must not be made during a step

    public TransposedConv2d(String name, int in, int out, int stride, Init init) {
        int kernel = 2 * stride;
        this.weight = Param.trainable(name + ".weight",
                init.weight(new long[] {kernel, kernel, out, in}, (long) kernel * kernel * out));
        this.bias = Param.trainable(name + ".bias", init.bias(out, (long) kernel * kernel * out));
        this.stride = stride;
        this.pad = stride / 2;
        this.inputs = new CacheStack<>(name);
        this.zeroBias = init.zeros(in);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(SavedInput.of(x, mode));
        return NativeOps.deconv2d(x, weight.value(), bias.value(), stride, pad);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        SavedInput c = inputs.pop();
        if (!c.paramGradients()) {
            // dL/dx alone: the convolution of the output gradient with the same kernel ([k,k,out,in] read as a conv's [k,k,in',out'])
            return NativeOps.conv2d(gradOut, weight.value(), zeroBias, stride, pad);
        }
        INDArray[] g = NativeOps.deconv2dBackward(c.x(), weight.value(), bias.value(), gradOut, stride, pad);
        weight.accumulate(g[1]);
        bias.accumulate(g[2]);
        return g[0];
    }

    @Override public List<Param> params() { return List.of(weight, bias); }
    @Override public void clearCache() { inputs.clear(); }
}
