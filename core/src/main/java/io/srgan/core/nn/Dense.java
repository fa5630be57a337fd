package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fully connected layer on [N, in] → [N, out]; weights [in, out], bias [out]. */
public final class Dense implements Layer {
    private final Param weight;
    private final Param bias;
    private final CacheStack<SavedInput> inputs;

    public Dense(String name, int in, int out, Init init) {
        this.weight = Param.trainable(name + ".weight", init.weight(new long[] {in, out}, in));
        this.bias = Param.trainable(name + ".bias", init.bias(out, in));
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(SavedInput.of(x, mode));
        return x.mmul(weight.value()).addiRowVector(bias.value());
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        SavedInput saved = inputs.pop();
        INDArray x = saved.x();
        if (saved.paramGradients()) {
            weight.accumulate(x.transpose().mmul(gradOut));
            bias.accumulate(gradOut.sum(0));
        }
        return gradOut.mmul(weight.value().transpose());
    }

    @Override public List<Param> params() { return List.of(weight, bias); }
    @Override public void clearCache() {
        inputs.clear();
    }
}
