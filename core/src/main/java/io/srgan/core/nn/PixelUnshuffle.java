package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Space-to-depth by r with PyTorch's channel order ({@code F.pixel_unshuffle}: output channel
 * c·r² + i·r + j holds input channel c at offset (i, j) of each r×r block), so that weights trained
 * with Real-ESRGAN's x2 RRDB (which unshuffles its input) load without reordering. [N,H,W,C] →
 * [N,H/r,W/r,C·r²]; H and W must be multiples of r.
 */
public final class PixelUnshuffle implements Layer {
    private final int factor;

    public PixelUnshuffle(int factor) { this.factor = factor; }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (x.size(1) % factor != 0 || x.size(2) % factor != 0) {
            throw new IllegalArgumentException("pixel-unshuffle by " + factor + " needs sides divisible by it, got "
                    + x.size(1) + "x" + x.size(2));
        }
        long r2 = (long) factor * factor;
        try (INDArray blocks = SubPixelShuffle.spaceToDepth(x, factor)) { // channel (i·r + j)·C + c
            long n = blocks.size(0), h = blocks.size(1), w = blocks.size(2), c = blocks.size(3) / r2;
            return blocks.reshape(n, h, w, r2, c).permute(0, 1, 2, 4, 3).dup('c').reshape(n, h, w, c * r2);
        }
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long r2 = (long) factor * factor;
        long n = gradOut.size(0), h = gradOut.size(1), w = gradOut.size(2), c = gradOut.size(3) / r2;
        try (INDArray tfOrder = gradOut.reshape(n, h, w, c, r2).permute(0, 1, 2, 4, 3).dup('c').reshape(n, h, w, c * r2)) {
            return SubPixelShuffle.depthToSpace(tfOrder, factor);
        }
    }
}
