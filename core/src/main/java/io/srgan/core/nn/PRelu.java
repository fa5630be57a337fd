package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-channel PReLU: y = x for x > 0, a_c·x otherwise (a initialised to 0.25, as PyTorch).
 * Built from basic ops on a [N·H·W, C] view: libnd4j's own prelu_bp rejects realistic sizes in M2.1.
 */
public final class PRelu implements Layer {
    private final Param alpha;
    private final CacheStack<INDArray> inputs;

    public PRelu(String name, int channels, Init init) {
        this.alpha = Param.trainable(name + ".alpha", init.constant(0.25, channels));
        this.inputs = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(x);
        INDArray x2 = rows(x);
        try (INDArray negative = Transforms.min(x2, 0.0, true)) {
            INDArray y = Transforms.max(x2, 0.0, true);
            y.addi(negative.muliRowVector(alpha.value()));
            return y.reshape(x.shape());
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray x = inputs.pop();
        INDArray x2 = rows(x);
        INDArray g2 = rows(gradOut);
        try (INDArray negative = Transforms.min(x2, 0.0, true);
             INDArray positive = x2.gt(0.0);
             INDArray positiveMask = positive.castTo(x.dataType());
             INDArray negativeMask = positiveMask.rsub(1.0);
             INDArray gNegative = g2.mul(negative)) {
            alpha.accumulate(gNegative.sum(0));
            INDArray dx = g2.mul(positiveMask);
            dx.addi(negativeMask.muliRowVector(alpha.value()).muli(g2));
            return dx.reshape(x.shape());
        }
    }

    private static INDArray rows(INDArray x) {
        return x.reshape(x.length() / x.size(x.rank() - 1), x.size(x.rank() - 1));
    }

    @Override public List<Param> params() { return List.of(alpha); }
    @Override public void clearCache() { inputs.clear(); }
}
