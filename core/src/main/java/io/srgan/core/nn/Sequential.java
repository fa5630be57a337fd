package io.srgan.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order. Owns the intermediate activations: in TRAIN mode they live until the
 * matching backward, otherwise each is closed as soon as the next layer has consumed it. Layers
 * after the first get {@link Layer#forwardInPlace} on them, since nothing else holds them (and
 * likewise {@link Layer#backwardInPlace} for gradients this Sequential produced); the first (last,
 * backward) too when the Sequential itself is called in place.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final CacheStack<List<INDArray>> activations;

    public Sequential(String name, List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException(name + ": no layers");
        this.layers = List.copyOf(layers);
        this.activations = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) { return forward(x, mode, false); }

    /** The first layer too may write over x (its owner gave it up). */
    @Override
    public INDArray forwardInPlace(INDArray x, Mode mode) { return forward(x, mode, true); }

    private INDArray forward(INDArray x, Mode mode, boolean mayOverwrite) {
        List<INDArray> owned = new ArrayList<>(layers.size());
        INDArray h = x;
        for (Layer layer : layers) {
            boolean ours = h != x; // produced by the previous layer: this Sequential may let it be overwritten
            INDArray next = ours || mayOverwrite ? layer.forwardInPlace(h, mode) : layer.forward(h, mode);
            if (ours && next != h) {
                if (mode.cache()) owned.add(h);
                else h.close();
            }
            h = next;
        }
        if (mode.cache()) activations.push(owned);
        return h;
    }

    @Override
    public INDArray backward(INDArray gradOut) { return backward(gradOut, true, false); }

    /** The last layer too may write over gradOut (its owner gave it up; closing it stays the owner's). */
    @Override
    public INDArray backwardInPlace(INDArray gradOut) { return backward(gradOut, true, true); }

    /** The first layer is told that nothing reads its input gradient. */
    @Override
    public void backwardParamsOnly(INDArray gradOut) { backward(gradOut, false, false); }

    private INDArray backward(INDArray gradOut, boolean inputGradient, boolean mayOverwrite) {
        List<INDArray> owned = activations.pop();
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            boolean ours = g != gradOut;
            if (i == 0 && !inputGradient) {
                layers.get(0).backwardParamsOnly(g);
                if (ours) g.close();
                g = null;
                break;
            }
            INDArray next = ours || mayOverwrite ? layers.get(i).backwardInPlace(g) : layers.get(i).backward(g);
            if (ours && next != g) g.close();
            g = next;
        }
        owned.forEach(INDArray::close);
        return g;
    }

    List<Layer> layers() { return layers; }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer layer : layers) all.addAll(layer.params());
        return all;
    }

    @Override
    public void clearCache() {
        layers.forEach(Layer::clearCache);
        while (!activations.isEmpty()) activations.pop().forEach(INDArray::close);
    }
}
