package io.srgan.core.arch;

import io.srgan.core.inference.SrModel;
import io.srgan.core.nn.BlockedPlan;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Network;
import io.srgan.core.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A super-resolution generator: LR [N,h,w,3] → SR [N,h·s,w·s,3], NHWC, RGB in [0, 1] (outputs are
 * not clamped). With an {@link InputSkip} (MSRResNet's bilinear, SRVGGNetCompact's nearest) the
 * network learns the residual over the upsampled input.
 */
public final class Generator extends Network implements SrModel {
    private final GeneratorConfig config;
    private final InputSkip skip;
    private final int receptiveFieldRadius;
    private final boolean blockedLayout;

    Generator(GeneratorConfig config, Sequential body, InputSkip skip, int receptiveFieldRadius) {
        super(body);
        this.blockedLayout = BlockedPlan.apply(body);
        this.config = config;
        this.skip = skip;
        this.receptiveFieldRadius = receptiveFieldRadius;
    }

    public GeneratorConfig config() { return config; }

    /** Whether training forwards keep activations in the channel-blocked layout between convolutions ({@link BlockedPlan}). */
    public boolean trainsInBlockedLayout() { return blockedLayout; }

    @Override public int scale() { return config.scale(); }

    @Override public int receptiveFieldRadius() { return receptiveFieldRadius; }

    @Override public int inputAlignment() { return config.inputAlignment(); }

    @Override
    public INDArray forward(INDArray lr, Mode mode) {
        int a = config.inputAlignment();
        if (a > 1 && (lr.size(1) % a != 0 || lr.size(2) % a != 0)) {
            if (mode.cache()) {
                throw new IllegalArgumentException(config.size() + " ×" + config.scale() + " trains on LR patches with sides"
                        + " divisible by " + a + ", got " + lr.size(1) + "x" + lr.size(2) + " (set train.lr-patch accordingly)");
            }
            return padded(lr, mode, a);
        }
        INDArray sr = super.forward(lr, mode);
        skip.addTo(sr, lr, config.scale());
        return sr;
    }

    /**
     * Inference on an input whose sides are not multiples of {@code a}: reflect-padded at the bottom
     * and right as Real-ESRGAN's inference does, and the output cropped back to scale × the input.
     */
    private INDArray padded(INDArray lr, Mode mode, int a) {
        long h = lr.size(1), w = lr.size(2);
        try (INDArray rows = reflectPad(lr, 1, (int) ((a - h % a) % a)); INDArray both = reflectPad(rows, 2, (int) ((a - w % a) % a));
             INDArray sr = forward(both, mode)) {
            long s = config.scale();
            return sr.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h * s), NDArrayIndex.interval(0, w * s), NDArrayIndex.all()).dup('c');
        }
    }

    /** x with {@code n} mirrored rows (axis 1) or columns (axis 2) appended, the edge itself not repeated (PyTorch's reflect). */
    private static INDArray reflectPad(INDArray x, int axis, int n) {
        if (n == 0) return x.dup('c');
        long size = x.size(axis);
        INDArray[] parts = new INDArray[n + 1];
        parts[0] = x;
        for (int k = 1; k <= n; k++) {
            long src = Math.max(0, size - 1 - k); // a one-pixel side has nothing to mirror: repeat it
            parts[k] = axis == 1 ? x.get(NDArrayIndex.all(), NDArrayIndex.interval(src, src + 1), NDArrayIndex.all(), NDArrayIndex.all())
                    : x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(src, src + 1), NDArrayIndex.all());
        }
        return org.nd4j.linalg.factory.Nd4j.concat(axis, parts);
    }

    /** Back-propagates dLoss/dSR into the parameter gradients. */
    public void backwardFrom(INDArray gradSr) {
        backwardParamsOnly(gradSr);
    }

    @Override
    public INDArray upscale(INDArray lrBatch) { return forward(lrBatch, Mode.INFER); }
}
