package io.srgan.core.loss;

import io.srgan.core.util.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Pixel losses between SR and HR batches of the same shape, averaged over every element (as
 * PyTorch's reduction='mean'). The gradient is with respect to SR.
 */
public interface PixelLoss {
    LossResult compute(INDArray sr, INDArray hr);

    Registry<PixelLoss> REGISTRY = new Registry<PixelLoss>("pixel loss")
            .register("l1", PixelLoss::l1)
            .register("mse", PixelLoss::mse)
            .register("charbonnier", charbonnier(1e-3));

    static PixelLoss byName(String name) { return REGISTRY.get(name); }

    /** mean |sr − hr|; gradient sign(sr − hr)/n (0 where equal). */
    static LossResult l1(INDArray sr, INDArray hr) {
        try (INDArray diff = sr.sub(hr)) {
            double n = diff.length();
            double value = diff.norm1Number().doubleValue() / n;
            return new LossResult(value, Transforms.sign(diff, true).divi(n));
        }
    }

    /** mean (sr − hr)²; gradient 2(sr − hr)/n. */
    static LossResult mse(INDArray sr, INDArray hr) {
        INDArray diff = sr.sub(hr);
        double n = diff.length();
        double norm = diff.norm2Number().doubleValue();
        return new LossResult(norm * norm / n, diff.muli(2.0 / n));
    }

    /** mean √((sr − hr)² + ε²) (a differentiable L1, as in LapSRN); gradient d/√(d² + ε²)/n. */
    static PixelLoss charbonnier(double eps) {
        return (sr, hr) -> {
            INDArray diff = sr.sub(hr);
            double n = diff.length();
            try (INDArray root = Transforms.sqrt(diff.mul(diff).addi(eps * eps), false)) {
                double value = root.sumNumber().doubleValue() / n;
                return new LossResult(value, diff.divi(root).divi(n));
            }
        };
    }
}
