package io.srgan.core.arch;

import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects layers for a network under construction and keeps a conservative bound of the
 * receptive-field radius in input (LR) pixels, which the tiler needs for exact tiled inference.
 */
final class LayerStack {
    private final Init init;
    private final List<Layer> layers = new ArrayList<>();
    private double radiusLr;
    private double resolution = 1; // current feature-map resolution relative to the input

    LayerStack(Init init) { this.init = init; }

    Init init() { return init; }

    LayerStack add(Layer layer) {
        layers.add(layer);
        return this;
    }

    LayerStack conv(String name, int in, int out, int kernel) {
        growRadius(kernel / 2);
        return add(new Conv2d(name, in, out, kernel, 1, init));
    }

    /** Accounts for a layer (or block) that looks {@code pixels} pixels around at the current resolution. */
    void growRadius(double pixels) { radiusLr += pixels / resolution; }

    /** A pixel-unshuffle by {@code factor}: one pixel now spans factor input pixels, reaching factor − 1 further. */
    void downsampled(int factor) {
        radiusLr += (factor - 1) / resolution;
        resolution /= factor;
    }

    /** A depth-to-space by {@code factor}: each output pixel is one input pixel's channels, so it reaches no further. */
    void shuffled(int factor) { resolution *= factor; }

    void upsampled(int factor) {
        radiusLr += 1.0 / resolution; // a transposed conv / nearest block reaches at most one source pixel further
        resolution *= factor;
    }

    List<Layer> layers() { return layers; }

    int radiusLr() { return (int) Math.ceil(radiusLr); }
}
