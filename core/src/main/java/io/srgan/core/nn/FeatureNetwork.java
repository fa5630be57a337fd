package io.srgan.core.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen chain of layers whose outputs at a few points (its features) are what a loss compares,
 * as VGG features for a perceptual loss. Its parameters are constants: it only passes a gradient
 * on to its input, which is how the generator learns from a loss on the features.
 *
 * <p>{@code forward} returns the features, which the caller owns in every mode (in a caching mode
 * copies of the chain's own, which stay here until the matching {@code backward}).
 */
public final class FeatureNetwork {
    private final TappedChain chain;
    private final List<String> featureNames;
    private final int deepest;    // the feature that is the chain's output
    private final int[] tapIndex; // per feature, its index among the chain's taps (-1 for the deepest)

    /**
     * @param layers       the chain, ending with the deepest feature's layer
     * @param featureNames one name per feature, in the order forward returns them
     * @param taps         per feature, the index of the layer whose output it is
     */
    public FeatureNetwork(List<Layer> layers, List<String> featureNames, int[] taps) {
        if (featureNames.isEmpty() || featureNames.size() != taps.length) {
            throw new IllegalArgumentException("one layer index per feature needed, got " + featureNames + " and " + Arrays.toString(taps));
        }
        int last = layers.size() - 1;
        int deepestFeature = -1;
        for (int f = 0; f < taps.length; f++) if (taps[f] == last) deepestFeature = f;
        if (deepestFeature < 0) throw new IllegalArgumentException("the chain must end at the deepest feature");
        this.deepest = deepestFeature;
        this.tapIndex = new int[taps.length];
        int[] inner = new int[taps.length - 1];
        for (int f = 0, t = 0; f < taps.length; f++) {
            if (f == deepest) {
                tapIndex[f] = -1;
            } else {
                tapIndex[f] = t;
                inner[t++] = taps[f];
            }
        }
        try {
            this.chain = new TappedChain("feature network", layers, inner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("features must come from distinct layers: " + Arrays.toString(taps), e);
        }
        this.featureNames = List.copyOf(featureNames);
    }

    public List<String> featureNames() { return featureNames; }

    /** The features of {@code x} [N,H,W,C], in {@link #featureNames()} order. */
    public List<INDArray> forward(INDArray x, Mode mode) {
        TappedChain.Outputs out = chain.forward(x, mode);
        INDArray[] features = new INDArray[tapIndex.length];
        for (int f = 0; f < features.length; f++) {
            if (f == deepest) {
                features[f] = out.output();
            } else {
                INDArray tap = out.taps().get(tapIndex[f]);
                features[f] = mode.cache() ? tap.dup() : tap; // a cached tap stays the chain's until backward
            }
        }
        return Arrays.asList(features);
    }

    /**
     * Back-propagates one gradient per feature (same order and shapes as forward's features; not
     * closed here) through the last caching forward and returns the gradient with respect to its input.
     */
    public INDArray backward(List<INDArray> featureGrads) {
        if (featureGrads.size() != tapIndex.length) {
            throw new IllegalArgumentException("expected " + tapIndex.length + " feature gradients, got " + featureGrads.size());
        }
        INDArray[] tapGrads = new INDArray[tapIndex.length - 1];
        for (int f = 0; f < tapIndex.length; f++) if (f != deepest) tapGrads[tapIndex[f]] = featureGrads.get(f);
        return chain.backward(featureGrads.get(deepest), Arrays.asList(tapGrads));
    }

    public void clearCache() {
        chain.clearCache();
    }
}
