package io.srgan.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order whose outputs after some of them (the taps) are handed out beside the
 * last layer's output, and whose backward takes a gradient for any tap besides the output's: a
 * discriminator's block outputs for feature matching, a VGG's features for a perceptual loss.
 *
 * <p>Ownership as in {@link Sequential}, plus: in a caching mode the taps belong to the chain until
 * the matching backward (the caller reads them and must not close them); otherwise the caller owns
 * them ({@link NhwcFeatures#closeHandedOut}). The output is always the caller's. A tapped output
 * is never overwritten in place. Taps are handed out NHWC ({@link NhwcFeatures}), and their
 * gradients taken NHWC.
 */
public final class TappedChain {
    private final List<Layer> layers;
    private final int[] tapOfLayer; // per layer, its index in the taps, or -1
    private final int tapCount;
    private final CacheStack<List<INDArray>> activations;

    /** The output and the taps, in the order the constructor's {@code taps} named their layers. */
    public record Outputs(INDArray output, List<INDArray> taps) {}

    /**
     * @param taps indices of the layers whose outputs are tapped, in the order {@link Outputs#taps()}
     *             gives them: distinct, and not the last layer (its output is the output)
     */
    public TappedChain(String name, List<Layer> layers, int[] taps) {
        if (layers.isEmpty()) throw new IllegalArgumentException(name + ": no layers");
        this.layers = List.copyOf(layers);
        this.tapOfLayer = new int[layers.size()];
        Arrays.fill(tapOfLayer, -1);
        for (int t = 0; t < taps.length; t++) {
            int i = taps[t];
            if (i < 0 || i >= layers.size() - 1 || tapOfLayer[i] >= 0) {
                throw new IllegalArgumentException(name + ": taps must be distinct layers before the last, got " + Arrays.toString(taps));
            }
            tapOfLayer[i] = t;
        }
        this.tapCount = taps.length;
        this.activations = new CacheStack<>(name);
    }

    public Outputs forward(INDArray x, Mode mode) {
        List<INDArray> owned = new ArrayList<>(layers.size());
        INDArray[] tapped = new INDArray[tapCount];
        INDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            boolean ours = h != x;
            boolean handedOut = ours && tapOfLayer[i - 1] >= 0;
            INDArray next = ours && !handedOut ? layers.get(i).forwardInPlace(h, mode) : layers.get(i).forward(h, mode);
            if (ours && next != h) {
                if (mode.cache()) owned.add(h);
                else if (!handedOut) h.close();
            }
            h = next;
            if (tapOfLayer[i] >= 0) tapped[tapOfLayer[i]] = h;
        }
        if (mode.cache()) activations.push(owned);
        return new Outputs(h, NhwcFeatures.of(tapped, mode.cache() ? owned : null));
    }

    /**
     * Back-propagates {@code gradOut} and, where {@code tapGrads} (null, or one entry per tap) has a
     * non-null entry, that tap's gradient through the last caching forward. Neither is closed here;
     * returns the input gradient (caller owns); parameter gradients accumulate.
     */
    public INDArray backward(INDArray gradOut, List<INDArray> tapGrads) { return backward(gradOut, tapGrads, true); }

    /** As {@link #backward(INDArray, List)} for a caller that discards the input gradient (see {@link Layer#backwardParamsOnly}). */
    public void backwardParamsOnly(INDArray gradOut, List<INDArray> tapGrads) { backward(gradOut, tapGrads, false); }

    private INDArray backward(INDArray gradOut, List<INDArray> tapGrads, boolean inputGradient) {
        if (tapGrads != null && tapGrads.size() != tapCount) {
            throw new IllegalArgumentException("expected " + tapCount + " tap gradients, got " + tapGrads.size());
        }
        List<INDArray> owned = activations.pop();
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            boolean ours = g != gradOut;
            INDArray tapGrad = tapGrads == null || tapOfLayer[i] < 0 ? null : tapGrads.get(tapOfLayer[i]);
            if (tapGrad != null) {
                if (!ours) {
                    g = g.dup();
                    ours = true;
                }
                NhwcFeatures.addGradient(g, tapGrad);
            }
            if (i == 0 && !inputGradient) {
                layers.get(0).backwardParamsOnly(g);
                if (ours) g.close();
                g = null;
                break;
            }
            INDArray next = ours ? layers.get(i).backwardInPlace(g) : layers.get(i).backward(g);
            if (ours && next != g) g.close();
            g = next;
        }
        owned.forEach(INDArray::close);
        return g;
    }

    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer layer : layers) all.addAll(layer.params());
        return all;
    }

    public void clearCache() {
        layers.forEach(Layer::clearCache);
        while (!activations.isEmpty()) activations.pop().forEach(INDArray::close);
    }
}
