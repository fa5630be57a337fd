package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-channel PReLU: y = x for x > 0, a_c·x otherwise (a initialised to 0.25, as PyTorch).
 * Branch-free Java kernels ({@link PointwiseKernels}): libnd4j's own prelu_bp rejects realistic
 * sizes in M2.1, and the same from basic ops took ~11 passes over the map.
 */
public final class PRelu implements Layer {
    private final Param alpha;
    private final CacheStack<SavedInput> inputs;

    /** Slopes named {@code <name>.alpha}. */
    public PRelu(String name, int channels, Init init) {
        this(name, name + ".alpha", channels, init);
    }

    private PRelu(String name, String slopes, int channels, Init init) {
        this.alpha = Param.trainable(slopes, init.constant(0.25, channels));
        this.inputs = new CacheStack<>(name);
    }

    /** Slopes named {@code <name>.weight}, as PyTorch's nn.PReLU names them, for nets whose names follow a state dict's 1:1. */
    public static PRelu torchNamed(String name, int channels, Init init) {
        return new PRelu(name, name + ".weight", channels, init);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) inputs.push(SavedInput.of(x, mode));
        return PointwiseKernels.prelu(x, alpha.value());
    }

    /** In place only when nothing is cached: backward needs the input itself (min(x, 0)). */
    @Override
    public INDArray forwardInPlace(INDArray x, Mode mode) {
        if (mode.cache() || !KernelSupport.writable(x)) return forward(x, mode);
        PointwiseKernels.prelu(x, x, alpha.value());
        return x;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        SavedInput saved = inputs.pop();
        return PointwiseKernels.preluBackward(saved.x(), gradOut, alpha.value(), saved.paramGradients() ? alpha.grad() : null);
    }

    @Override
    public INDArray backwardInPlace(INDArray gradOut) {
        if (!KernelSupport.writable(gradOut)) return backward(gradOut);
        SavedInput saved = inputs.pop();
        PointwiseKernels.preluBackward(saved.x(), gradOut, gradOut, alpha.value(), saved.paramGradients() ? alpha.grad() : null);
        return gradOut;
    }

    @Override public List<Param> params() { return List.of(alpha); }
    @Override public void clearCache() {
        inputs.clear();
    }
}
