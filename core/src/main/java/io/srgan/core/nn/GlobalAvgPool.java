package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean over height and width: [N,H,W,C] → [N,C]. Lets the discriminator take any patch size. A
 * {@link BlockedLayout} map [N,C/16,H,W,16] gives the same [N,C] (channel c = 16·block + lane), and
 * its gradient goes back blocked.
 */
public final class GlobalAvgPool implements Layer {
    private final CacheStack<long[]> shapes = new CacheStack<>("global-avg-pool");

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) shapes.push(x.shape());
        if (BlockedLayout.isBlocked(x)) {
            try (INDArray m = x.mean(2, 3)) {
                return m.reshape(x.size(0), BlockedLayout.channels(x)).dup('c');
            }
        }
        return x.mean(1, 2);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long[] s = shapes.pop();
        boolean blocked = s.length == 5;
        try (INDArray spread = gradOut.div(blocked ? s[2] * s[3] : s[1] * s[2])) {
            // out[n,h,w,c] = spread[n,c]; broadcast() would share spread's buffer, so add into zeros
            INDArray perChannel = blocked ? spread.reshape(s[0], s[1], 1, 1, s[4]) : spread.reshape(s[0], 1, 1, s[3]);
            return org.nd4j.linalg.factory.Nd4j.zeros(gradOut.dataType(), s).addi(perChannel);
        }
    }

    @Override public void clearCache() { shapes.clear(); }
}
