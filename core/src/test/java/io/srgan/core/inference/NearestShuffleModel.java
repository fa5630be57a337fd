package io.srgan.core.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour ×r upscaling as a network would do it: the RGB channels repeated r² times
 * (concat) then {@code depth_to_space(r)}. With libnd4j's DCR channel order, channel
 * {@code (i·r + j)·3 + c} lands at offset (i, j) of colour c, so every offset receives a copy of the
 * pixel. Radius 0; nearly free, for memory checks.
 */
final class NearestShuffleModel implements SrModel {
    private final int scale;

    NearestShuffleModel(int scale) {
        this.scale = scale;
    }

    @Override
    public int scale() {
        return scale;
    }

    @Override
    public int receptiveFieldRadius() {
        return 0;
    }

    @Override
    public INDArray upscale(INDArray lrBatch) {
        INDArray[] copies = new INDArray[scale * scale];
        java.util.Arrays.fill(copies, lrBatch);
        try (INDArray depth = Nd4j.concat(3, copies)) {
            return NhwcOps.depthToSpace(depth, scale);
        }
    }
}
