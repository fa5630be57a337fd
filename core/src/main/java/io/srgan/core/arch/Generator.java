package io.srgan.core.arch;

import io.srgan.core.inference.SrModel;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.NativeOps;
import io.srgan.core.nn.Network;
import io.srgan.core.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A super-resolution generator: LR [N,h,w,3] → SR [N,h·s,w·s,3], NHWC, RGB in [0, 1] (outputs are
 * not clamped). With a bilinear skip (MSRResNet) the network learns the residual over the
 * bilinearly upsampled input; the skip has no parameters, so its gradient is not propagated.
 */
public final class Generator extends Network implements SrModel {
    private final GeneratorConfig config;
    private final boolean bilinearSkip;
    private final int receptiveFieldRadius;

    Generator(GeneratorConfig config, Sequential body, boolean bilinearSkip, int receptiveFieldRadius) {
        super(body);
        this.config = config;
        this.bilinearSkip = bilinearSkip;
        this.receptiveFieldRadius = receptiveFieldRadius;
    }

    public GeneratorConfig config() { return config; }

    @Override public int scale() { return config.scale(); }

    @Override public int receptiveFieldRadius() { return receptiveFieldRadius; }

    @Override
    public INDArray forward(INDArray lr, Mode mode) {
        INDArray sr = super.forward(lr, mode);
        if (bilinearSkip) {
            try (INDArray up = NativeOps.resizeBilinear(lr, (int) sr.size(1), (int) sr.size(2))) {
                sr.addi(up);
            }
        }
        return sr;
    }

    /** Back-propagates dLoss/dSR into the parameter gradients. */
    public void backwardFrom(INDArray gradSr) {
        super.backward(gradSr).close();
    }

    @Override
    public INDArray upscale(INDArray lrBatch) { return forward(lrBatch, Mode.INFER); }
}
