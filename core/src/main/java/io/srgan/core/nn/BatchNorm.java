package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over N, H, W per channel (NHWC), with learnable scale and shift and running
 * statistics for inference (momentum 0.1, unbiased running variance, as PyTorch). Written from
 * basic ops with its own backward: M2.1's SameDiff batch-norm gradient is broken. Results are
 * allocated in the input's shape and written through [N·H·W, C] views, because closing a reshaped
 * view does not free its buffer in M2.1.
 */
public final class BatchNorm implements Layer {
    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final CacheStack<INDArray[]> caches; // {xhat [M,C], invStd [C]}

    public BatchNorm(String name, int channels, Init init) {
        this.gamma = Param.trainable(name + ".gamma", init.constant(1.0, channels));
        this.beta = Param.trainable(name + ".beta", init.zeros(channels));
        this.runningMean = Param.buffer(name + ".running_mean", init.zeros(channels));
        this.runningVar = Param.buffer(name + ".running_var", init.constant(1.0, channels));
        this.caches = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray x2 = rows(x);
        long m = x2.size(0);
        INDArray mean;
        INDArray var;
        if (mode.batchStatistics()) {
            mean = x2.mean(0);
            var = x2.var(false, 0);
            if (mode.cache()) {
                try (INDArray meanPart = mean.mul(MOMENTUM);
                     INDArray varPart = var.mul(MOMENTUM * m / Math.max(1.0, m - 1.0))) {
                    runningMean.value().muli(1 - MOMENTUM).addi(meanPart);
                    runningVar.value().muli(1 - MOMENTUM).addi(varPart);
                }
            }
        } else {
            mean = runningMean.value().dup();
            var = runningVar.value().dup();
        }
        INDArray invStd = Transforms.pow(var.addi(EPS), -0.5, false);
        INDArray xhat = x2.subRowVector(mean).muliRowVector(invStd);
        mean.close();
        INDArray y = x.ulike(); // allocated in x's shape: closing a reshaped view would not free it (M2.1)
        rows(y).assign(xhat).muliRowVector(gamma.value()).addiRowVector(beta.value());
        if (mode.cache()) {
            caches.push(new INDArray[] {xhat, invStd});
        } else {
            xhat.close();
            invStd.close();
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray[] cache = caches.pop();
        INDArray xhat = cache[0];
        INDArray invStd = cache[1];
        INDArray g = rows(gradOut);
        long m = g.size(0);
        try (INDArray gx = g.mul(xhat)) {
            gamma.accumulate(gx.sum(0));
        }
        beta.accumulate(g.sum(0));
        INDArray dx = gradOut.dup();
        INDArray dxhat = rows(dx).muliRowVector(gamma.value());
        try (INDArray sumD = dxhat.sum(0);
             INDArray dxhatXhat = dxhat.mul(xhat);
             INDArray sumDX = dxhatXhat.sum(0);
             INDArray scale = invStd.div(m)) {
            // dx = invStd/M · (M·dxhat − Σdxhat − xhat·Σ(dxhat·xhat)), computed in place in dxhat
            dxhat.muli(m).subiRowVector(sumD).subi(xhat.muliRowVector(sumDX)).muliRowVector(scale);
        }
        xhat.close();
        invStd.close();
        return dx;
    }

    private static INDArray rows(INDArray x) {
        return x.reshape(x.length() / x.size(x.rank() - 1), x.size(x.rank() - 1));
    }

    @Override public List<Param> params() { return List.of(gamma, beta, runningMean, runningVar); }
    @Override public void clearCache() { caches.clear(); }
}
