package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * [N,H,W,C] → [N, C·H·W] in PyTorch's order: entry {@code c·H·W + h·W + w} holds x[n,h,w,c], as
 * {@code x.view(N, -1)} on the NCHW tensor gives it (not the NHWC memory order). A {@link Dense}
 * after it therefore takes a PyTorch {@code nn.Linear}'s weight [out, C·H·W] by a plain transpose,
 * with no reordering of its input rows. A {@link BlockedLayout} map [N,C/16,H,W,16] flattens to the
 * same order (c = 16·block + lane), and its gradient goes back blocked.
 */
public final class Flatten implements Layer {
    private final CacheStack<long[]> shapes = new CacheStack<>("flatten");

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        boolean blocked = BlockedLayout.isBlocked(x);
        if (x.rank() != 4 && !blocked) throw new IllegalArgumentException("flatten expects [N,H,W,C], got rank " + x.rank());
        if (mode.cache()) shapes.push(x.shape());
        long n = x.size(0);
        return (blocked ? x.permute(0, 1, 4, 2, 3) : x.permute(0, 3, 1, 2)).dup('c').reshape(n, x.length() / n);
    }

    /** [N, C·H·W] in (c, h, w) order → [N,H,W,C]. */
    @Override
    public INDArray backward(INDArray gradOut) {
        long[] s = shapes.pop();
        if (s.length == 5) return gradOut.reshape(s[0], s[1], s[4], s[2], s[3]).permute(0, 1, 3, 4, 2).dup('c');
        return gradOut.reshape(s[0], s[3], s[1], s[2]).permute(0, 2, 3, 1).dup('c');
    }

    @Override public void clearCache() { shapes.clear(); }
}
