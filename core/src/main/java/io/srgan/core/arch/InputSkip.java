package io.srgan.core.arch;

import io.srgan.core.nn.Mode;
import io.srgan.core.nn.NativeOps;
import io.srgan.core.nn.NearestUpsample;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a generator adds to its output: nothing, or its input upsampled without parameters, so that
 * the network learns the residual over it. The skip has no parameters, so no gradient flows through it.
 */
enum InputSkip {
    NONE,
    /** BasicSR's MSRResNet: bilinear, half-pixel centres (PyTorch's align_corners=False). */
    BILINEAR,
    /** Real-ESRGAN's SRVGGNetCompact: each input pixel repeated s×s (PyTorch's mode='nearest' at an integer scale). */
    NEAREST;

    /** Adds the upsampled {@code lr} to {@code sr} [N, h·s, w·s, 3] in place. */
    void addTo(INDArray sr, INDArray lr, int scale) {
        switch (this) {
            case NONE -> { }
            case BILINEAR -> {
                try (INDArray up = NativeOps.resizeBilinear(lr, (int) sr.size(1), (int) sr.size(2))) {
                    sr.addi(up);
                }
            }
            case NEAREST -> {
                try (INDArray up = new NearestUpsample(scale).forward(lr, Mode.INFER)) {
                    sr.addi(up);
                }
            }
        }
    }
}
