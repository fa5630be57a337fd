package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over N, H, W per channel (NHWC), with learnable scale and shift and running
 * statistics for inference (momentum 0.1, unbiased running variance, as PyTorch).
 *
 * <p>Runs on libnd4j's {@code batchnorm} / {@code batchnorm_bp} ops with the batch statistics
 * computed here: {@code batchnorm_bp} differentiates through the batch mean and variance (checked
 * against finite differences). M2.1's SameDiff wrapper around the same ops is what is broken.
 */
public final class BatchNorm implements Layer {
    private static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;
    private static final int CHANNELS_LAST_AXIS = 3;

    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final CacheStack<Cached> caches;

    private record Cached(INDArray x, INDArray mean, INDArray var, boolean paramGradients) {}

    public BatchNorm(String name, int channels, Init init) {
        this.gamma = Param.trainable(name + ".gamma", init.constant(1.0, channels));
        this.beta = Param.trainable(name + ".beta", init.zeros(channels));
        this.runningMean = Param.buffer(name + ".running_mean", init.zeros(channels));
        this.runningVar = Param.buffer(name + ".running_var", init.constant(1.0, channels));
        this.caches = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray mean;
        INDArray var;
        if (mode.batchStatistics()) {
            INDArray x2 = rows(x);
            long m = x2.size(0);
            mean = x2.mean(0);
            var = x2.var(false, 0);
            if (mode.updatesRunningStatistics()) {
                try (INDArray meanPart = mean.mul(MOMENTUM);
                     INDArray varPart = var.mul(MOMENTUM * m / Math.max(1.0, m - 1.0))) {
                    runningMean.value().muli(1 - MOMENTUM).addi(meanPart);
                    runningVar.value().muli(1 - MOMENTUM).addi(varPart);
                }
            }
        } else {
            mean = runningMean.value();
            var = runningVar.value();
        }
        INDArray y = x.ulike();
        Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, gamma.value(), beta.value()).addOutputs(y)
                .addIntegerArguments(1, 1, CHANNELS_LAST_AXIS).addFloatingPointArguments(EPS).build());
        if (mode.cache()) {
            caches.push(new Cached(x, mean, var, mode.paramGradients()));
        } else if (mode.batchStatistics()) {
            mean.close();
            var.close();
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        Cached cache = caches.pop();
        INDArray x = cache.x();
        INDArray mean = cache.mean();
        INDArray var = cache.var();
        INDArray dx = x.ulike();
        INDArray dGamma = gamma.value().ulike();
        INDArray dBeta = beta.value().ulike();
        try (INDArray dMean = mean.ulike(); INDArray dVar = var.ulike()) {
            Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, gamma.value(), beta.value(), gradOut)
                    .addOutputs(dx, dMean, dVar, dGamma, dBeta)
                    .addIntegerArguments(1, 1, CHANNELS_LAST_AXIS).addFloatingPointArguments(EPS).build());
        }
        if (cache.paramGradients()) {
            gamma.accumulate(dGamma);
            beta.accumulate(dBeta);
        } else {
            dGamma.close();
            dBeta.close();
        }
        mean.close();
        var.close();
        return dx;
    }

    private static INDArray rows(INDArray x) {
        return x.reshape(x.length() / x.size(x.rank() - 1), x.size(x.rank() - 1));
    }

    @Override public List<Param> params() { return List.of(gamma, beta, runningMean, runningVar); }
    @Override public void clearCache() { caches.clear(); }
}
