package io.srgan.core.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over height and width: [N,H,W,C] → [N,C]. Lets the discriminator take any patch size. */
public final class GlobalAvgPool implements Layer {
    private final CacheStack<long[]> shapes = new CacheStack<>("global-avg-pool");

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (mode.cache()) shapes.push(x.shape());
        return x.mean(1, 2);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        long[] s = shapes.pop();
        try (INDArray spread = gradOut.div(s[1] * s[2])) {
            // out[n,h,w,c] = spread[n,c]; broadcast() would share spread's buffer, so add into zeros
            return org.nd4j.linalg.factory.Nd4j.zeros(gradOut.dataType(), s).addi(spread.reshape(s[0], 1, 1, s[3]));
        }
    }

    @Override public void clearCache() { shapes.clear(); }
}
