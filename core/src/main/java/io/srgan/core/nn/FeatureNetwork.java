package io.srgan.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen chain of layers whose outputs at a few points (its features) are what a loss compares,
 * as VGG features for a perceptual loss. Its parameters are constants: it only passes a gradient
 * on to its input, which is how the generator learns from a loss on the features.
 *
 * <p>Ownership as in {@link Sequential}: {@code forward} returns the features, which the caller
 * owns; in a caching mode the activations stay here until the matching {@code backward}.
 */
public final class FeatureNetwork {
    private final List<Layer> layers;
    private final List<String> featureNames;
    private final int[] taps;
    private final CacheStack<List<INDArray>> activations = new CacheStack<>("feature network");

    /**
     * @param layers       the chain, ending with the deepest feature's layer
     * @param featureNames one name per feature, in the order forward returns them
     * @param taps         per feature, the index of the layer whose output it is
     */
    public FeatureNetwork(List<Layer> layers, List<String> featureNames, int[] taps) {
        if (featureNames.isEmpty() || featureNames.size() != taps.length) {
            throw new IllegalArgumentException("one layer index per feature needed, got " + featureNames + " and " + Arrays.toString(taps));
        }
        int last = Arrays.stream(taps).max().getAsInt();
        if (last != layers.size() - 1) throw new IllegalArgumentException("the chain must end at the deepest feature");
        if (Arrays.stream(taps).distinct().count() != taps.length || Arrays.stream(taps).anyMatch(t -> t < 0)) {
            throw new IllegalArgumentException("features must come from distinct layers: " + Arrays.toString(taps));
        }
        this.layers = List.copyOf(layers);
        this.featureNames = List.copyOf(featureNames);
        this.taps = taps.clone();
    }

    public List<String> featureNames() { return featureNames; }

    /** The features of {@code x} [N,H,W,C], in {@link #featureNames()} order. */
    public List<INDArray> forward(INDArray x, Mode mode) {
        INDArray[] features = new INDArray[taps.length];
        List<INDArray> owned = new ArrayList<>(layers.size());
        INDArray h = x;
        boolean handedOver = false;
        for (int i = 0; i < layers.size(); i++) {
            INDArray next = layers.get(i).forward(h, mode);
            if (h != x) {
                if (mode.cache()) owned.add(h);
                else if (!handedOver) h.close();
            }
            h = next;
            handedOver = false;
            int f = featureAt(i);
            if (f >= 0) {
                // a cached activation stays here for backward: the caller gets its own copy
                boolean keep = mode.cache() && i < layers.size() - 1;
                features[f] = keep ? h.dup() : h;
                handedOver = !keep;
            }
        }
        if (mode.cache()) activations.push(owned);
        return Arrays.asList(features);
    }

    /**
     * Back-propagates one gradient per feature (same order and shapes as forward's features; not
     * closed here) through the last caching forward and returns the gradient with respect to its input.
     */
    public INDArray backward(List<INDArray> featureGrads) {
        if (featureGrads.size() != taps.length) {
            throw new IllegalArgumentException("expected " + taps.length + " feature gradients, got " + featureGrads.size());
        }
        List<INDArray> owned = activations.pop();
        INDArray g = null;
        boolean ownG = false;
        for (int i = layers.size() - 1; i >= 0; i--) {
            int f = featureAt(i);
            if (f >= 0) {
                INDArray fg = featureGrads.get(f);
                if (g == null) {
                    g = fg;
                } else if (ownG) {
                    g.addi(fg);
                } else {
                    g = g.add(fg);
                    ownG = true;
                }
            }
            INDArray next = layers.get(i).backward(g);
            if (ownG) g.close();
            g = next;
            ownG = true;
        }
        owned.forEach(INDArray::close);
        return g;
    }

    public void clearCache() {
        layers.forEach(Layer::clearCache);
        while (!activations.isEmpty()) activations.pop().forEach(INDArray::close);
    }

    private int featureAt(int layer) {
        for (int f = 0; f < taps.length; f++) if (taps[f] == layer) return f;
        return -1;
    }
}
