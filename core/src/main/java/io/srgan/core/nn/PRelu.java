package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-channel PReLU: y = x for x > 0, a_c·x otherwise (a initialised to 0.25, as PyTorch).
 * Built from basic ops (libnd4j's own prelu_bp rejects realistic sizes in M2.1). Results are
 * allocated in the input's shape and only written through [N·H·W, C] views: closing a reshaped
 * view does not free its buffer in ND4J M2.1.
 */
public final class PRelu implements Layer {
    private final Param alpha;
    private final CacheStack<SavedInput> inputs;

    public PRelu(String name, int channels, Init init) {
        this.alpha = Param.trainable(name + ".alpha", init.constant(0.25, channels));
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(SavedInput.of(x, mode));
        INDArray y = Transforms.max(x, 0.0, true);
        try (INDArray negative = Transforms.min(x, 0.0, true)) {
            rows(negative).muliRowVector(alpha.value());
            return y.addi(negative);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        SavedInput saved = inputs.pop();
        INDArray x = saved.x();
        INDArray negativeSlope;
        try (INDArray negative = Transforms.min(x, 0.0, true);
             INDArray positive = x.gt(0.0);
             INDArray positiveMask = positive.castTo(x.dataType())) {
            negativeSlope = positiveMask.rsub(1.0);
            if (saved.paramGradients()) {
                negative.muli(gradOut);
                alpha.accumulate(rows(negative).sum(0));
            }
            rows(negativeSlope).muliRowVector(alpha.value());
            // dx = g·[x > 0] + g·a_c·[x ≤ 0]
            return negativeSlope.addi(positiveMask).muli(gradOut);
        }
    }

    private static INDArray rows(INDArray x) {
        return x.reshape(x.length() / x.size(x.rank() - 1), x.size(x.rank() - 1));
    }

    @Override public List<Param> params() { return List.of(alpha); }
    @Override public void clearCache() {
        inputs.clear();
    }
}
