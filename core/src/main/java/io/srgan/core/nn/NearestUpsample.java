package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour ×r upsampling, as r² copies of the channels followed by depth-to-space; the
 * gradient sums the r×r block back onto its source pixel.
 */
public final class NearestUpsample implements Layer {
    private final int factor;

    public NearestUpsample(int factor) { this.factor = factor; }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray[] copies = new INDArray[factor * factor];
        java.util.Arrays.fill(copies, x);
        try (INDArray stacked = Nd4j.concat(3, copies)) {
            return SubPixelShuffle.depthToSpace(stacked, factor);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        try (INDArray blocks = SubPixelShuffle.spaceToDepth(gradOut, factor)) {
            long c = blocks.size(3) / ((long) factor * factor);
            return blocks.reshape(blocks.size(0), blocks.size(1), blocks.size(2), (long) factor * factor, c).sum(3);
        }
    }
}
