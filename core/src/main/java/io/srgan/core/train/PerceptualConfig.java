package io.srgan.core.train;

import io.srgan.core.features.Preprocessing;
import io.srgan.core.loss.PixelLoss;
import java.nio.file.Path;
import java.util.List;

/**
 * The perceptual term of the generator's GAN-phase loss: features of SR against HR in a frozen
 * network read from a Keras HDF5 file (VGG19 in SRGAN/ESRGAN). The network is not trained and not
 * part of the training state or checkpoints: this configuration says where it comes from.
 *
 * @param weight           weight of the term (0 = off; SRGAN ≈ 6e-3 with MSE, ESRGAN 1 with L1)
 * @param model            the Keras HDF5 model; required when the weight is &gt; 0
 * @param layers           its layers whose outputs are compared (e.g. block5_conv4)
 * @param layerWeights     one weight per layer; empty means 1 for each
 * @param beforeActivation compare Conv2D outputs before their (fused) ReLU, as SRGAN/ESRGAN do
 * @param criterion        l1 | mse | charbonnier, averaged over the feature maps' elements
 * @param preprocessing    caffe | torch | none: what the weights expect of an RGB image in [0, 1]
 */
public record PerceptualConfig(double weight, Path model, List<String> layers, double[] layerWeights,
                               boolean beforeActivation, String criterion, String preprocessing) {
    public PerceptualConfig {
        if (!(weight >= 0)) throw new IllegalArgumentException("loss.perceptual.weight must be ≥ 0, got " + weight);
        layers = List.copyOf(layers);
        layerWeights = layerWeights == null ? new double[0] : layerWeights.clone();
        PixelLoss.byName(criterion);
        Preprocessing.byName(preprocessing);
        if (weight > 0) {
            if (model == null) throw new IllegalArgumentException("loss.perceptual.weight > 0 needs loss.perceptual.model (a Keras HDF5 file)");
            if (layers.isEmpty()) throw new IllegalArgumentException("loss.perceptual.weight > 0 needs loss.perceptual.layer");
        }
        if (layerWeights.length != 0 && layerWeights.length != layers.size()) {
            throw new IllegalArgumentException("loss.perceptual.layer-weights has " + layerWeights.length + " entries for "
                    + layers.size() + " layers " + layers);
        }
        for (double w : layerWeights) {
            if (!(w >= 0)) throw new IllegalArgumentException("loss.perceptual.layer-weights must be ≥ 0, got " + w);
        }
    }

    /** No perceptual term. */
    public static PerceptualConfig off() {
        return new PerceptualConfig(0, null, List.of("block5_conv4"), null, true, "l1", "caffe");
    }

    public boolean enabled() { return weight > 0; }

    /** The weight of each layer's term: {@link #layerWeights()}, or 1 each when none are given. */
    public double[] effectiveLayerWeights() {
        if (layerWeights.length > 0) return layerWeights.clone();
        double[] ones = new double[layers.size()];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }
}
