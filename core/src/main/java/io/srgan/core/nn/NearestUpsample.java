package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour ×r upsampling, as r² copies of the channels followed by depth-to-space; the
 * gradient sums the r×r block back onto its source pixel. NHWC, or {@link BlockedLayout} maps
 * (copies stacked by channel blocks, the blocked shuffle), which stay blocked.
 */
public final class NearestUpsample implements Layer {
    private final int factor;

    public NearestUpsample(int factor) { this.factor = factor; }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray[] copies = new INDArray[factor * factor];
        java.util.Arrays.fill(copies, x);
        if (BlockedLayout.isBlocked(x)) {
            try (INDArray stacked = Nd4j.concat(1, copies)) {
                return BlockedLayout.depthToSpace(stacked, factor);
            }
        }
        try (INDArray stacked = Nd4j.concat(3, copies)) {
            return SubPixelShuffle.depthToSpace(stacked, factor);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long r2 = (long) factor * factor;
        if (BlockedLayout.isBlocked(gradOut)) {
            try (INDArray blocks = BlockedLayout.spaceToDepth(gradOut, factor)) { // [N, r²·C/16, H, W, 16]: copy k at blocks k·C/16…
                long cb = blocks.size(1) / r2;
                return blocks.reshape(blocks.size(0), r2, cb, blocks.size(2), blocks.size(3), BlockedLayout.BLOCK).sum(1);
            }
        }
        try (INDArray blocks = SubPixelShuffle.spaceToDepth(gradOut, factor)) {
            long c = blocks.size(3) / r2;
            return blocks.reshape(blocks.size(0), blocks.size(1), blocks.size(2), r2, c).sum(3);
        }
    }
}
