package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sub-pixel shuffle [N,H,W,r²C] → [N,rH,rW,C] (channel order: see {@link NativeOps#depthToSpace}), or
 * the same on {@link BlockedLayout} maps: blocked in, blocked out when C is a multiple of 16, else
 * (an image's channels, as SRVGGNetCompact's last shuffle) NHWC out.
 */
public final class DepthToSpace implements Layer {
    private final int factor;
    private final CacheStack<Boolean> inputsBlocked = new CacheStack<>("depth-to-space");

    public DepthToSpace(int factor) { this.factor = factor; }

    int factor() { return factor; }

    /** Whether a blocked input of this many channels gives a blocked output. */
    boolean staysBlocked(long inChannels) {
        long out = inChannels / ((long) factor * factor);
        return out % BlockedLayout.BLOCK == 0;
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        boolean blocked = BlockedLayout.isBlocked(x);
        if (mode.cache()) inputsBlocked.push(blocked);
        if (!blocked) return SubPixelShuffle.depthToSpace(x, factor);
        if (staysBlocked(BlockedLayout.channels(x))) return BlockedLayout.depthToSpace(x, factor);
        try (INDArray nhwc = BlockedLayout.toNhwc(x)) {
            return SubPixelShuffle.depthToSpace(nhwc, factor);
        }
    }

    /** The shuffle is a permutation, so its gradient is the inverse permutation, in the input's layout. */
    @Override
    public INDArray backward(INDArray gradOut) {
        boolean inputBlocked = inputsBlocked.pop();
        if (BlockedLayout.isBlocked(gradOut)) return BlockedLayout.spaceToDepth(gradOut, factor);
        INDArray g = SubPixelShuffle.spaceToDepth(gradOut, factor);
        if (!inputBlocked) return g;
        try (INDArray nhwc = g) {
            return BlockedLayout.toBlocked(nhwc);
        }
    }

    @Override public void clearCache() { inputsBlocked.clear(); }
}
