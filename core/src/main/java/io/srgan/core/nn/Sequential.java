package io.srgan.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order. Owns the intermediate activations: in TRAIN mode they live until the
 * matching backward, otherwise each is closed as soon as the next layer has consumed it.
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
    public INDArray forward(INDArray x, Mode mode) {
        List<INDArray> owned = new ArrayList<>(layers.size());
        INDArray h = x;
        for (Layer layer : layers) {
            INDArray next = layer.forward(h, mode);
            if (h != x && !mode.cache()) h.close();
            if (mode.cache() && h != x) owned.add(h);
            h = next;
        }
        if (mode.cache()) activations.push(owned);
        return h;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        List<INDArray> owned = activations.pop();
        INDArray g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray next = layers.get(i).backward(g);
            if (g != gradOut) g.close();
            g = next;
        }
        owned.forEach(INDArray::close);
        return g;
    }

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
