package io.srgan.core.loss;

import io.srgan.core.nn.FeatureNetwork;
import io.srgan.core.nn.Mode;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Perceptual loss: Σ_l w_l · criterion(φ_l(SR), φ_l(HR)) over the features φ_l of a frozen network
 * (VGG19's conv5_4 in SRGAN and ESRGAN), the criterion being a {@link PixelLoss} on the feature maps
 * (mean over their elements). The gradient is with respect to SR; HR's features are constants.
 */
public final class PerceptualLoss {
    private final FeatureNetwork network;
    private final double[] layerWeights;
    private final PixelLoss criterion;

    /** @param layerWeights one weight per feature of {@code network}, in its order */
    public PerceptualLoss(FeatureNetwork network, double[] layerWeights, PixelLoss criterion) {
        if (layerWeights.length != network.featureNames().size()) {
            throw new IllegalArgumentException("perceptual loss: " + layerWeights.length + " layer weights for the layers "
                    + network.featureNames());
        }
        for (double w : layerWeights) {
            if (!(w >= 0)) throw new IllegalArgumentException("perceptual loss: layer weights must be ≥ 0, got " + w);
        }
        this.network = network;
        this.layerWeights = layerWeights.clone();
        this.criterion = criterion;
    }

    /**
     * The loss and its gradient with respect to {@code sr}. HR runs through the network without a
     * cache; SR runs with one for the input gradient only (the network's weights get no gradients).
     */
    public LossResult compute(INDArray sr, INDArray hr) {
        List<INDArray> real = network.forward(hr, Mode.INFER);
        List<INDArray> fake = null;
        List<INDArray> grads = new ArrayList<>(layerWeights.length);
        try {
            fake = network.forward(sr, Mode.TRAIN_INPUT_GRAD);
            double value = 0;
            for (int l = 0; l < layerWeights.length; l++) {
                LossResult r = criterion.compute(fake.get(l), real.get(l));
                value += layerWeights[l] * r.value();
                grads.add(r.grad().muli(layerWeights[l]));
            }
            return new LossResult(value, network.backward(grads));
        } catch (RuntimeException e) {
            network.clearCache();
            throw e;
        } finally {
            real.forEach(INDArray::close);
            if (fake != null) fake.forEach(INDArray::close);
            grads.forEach(INDArray::close);
        }
    }

    public List<String> layers() { return network.featureNames(); }
}
