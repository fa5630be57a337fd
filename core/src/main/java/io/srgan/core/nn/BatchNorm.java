package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation over N, H, W per channel (NHWC), with learnable scale and shift and running
 * statistics for inference (momentum 0.1, unbiased running variance, as PyTorch).
 *
 * <p>Runs on {@link BatchNormKernels} (Java, per-channel sums in double): libnd4j's column
 * reductions and {@code batchnorm_bp} cost as much as a convolution of the same map. A
 * {@link BlockedLayout} map (a planned network's training forward) runs on {@link DnnlBatchNorm}. The backward
 * differentiates through the batch mean and variance (checked against finite differences).
 */
public final class BatchNorm implements Layer {
    public static final double EPS = 1e-5;
    private static final double MOMENTUM = 0.1;

    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final CacheStack<Cached> caches;

    /**
     * {@code ownsX}: x is a contiguous copy made here, closed after the backward. A blocked x keeps
     * the engine's statistics ({@code blocked}; mean and invStd are then null).
     */
    private record Cached(INDArray x, boolean ownsX, double[] mean, double[] invStd, DnnlBatchNorm.Statistics blocked,
                          boolean paramGradients) {}

    public BatchNorm(String name, int channels, Init init) {
        this.gamma = Param.trainable(name + ".gamma", init.constant(1.0, channels));
        this.beta = Param.trainable(name + ".beta", init.zeros(channels));
        this.runningMean = Param.buffer(name + ".running_mean", init.zeros(channels));
        this.runningVar = Param.buffer(name + ".running_var", init.constant(1.0, channels));
        this.caches = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        INDArray src = KernelSupport.contiguous(x);
        INDArray y = UnfilledArrays.create(x.dataType(), x.shape());
        normalise(src, y, mode, src != x);
        if (src != x && !mode.cache()) src.close();
        return y;
    }

    /** Without a cache the result may replace x; a training forward keeps x for the backward. */
    @Override
    public INDArray forwardInPlace(INDArray x, Mode mode) {
        if (mode.cache() || !KernelSupport.writable(x)) return forward(x, mode);
        normalise(x, x, mode, false);
        return x;
    }

    private void normalise(INDArray x, INDArray out, Mode mode, boolean ownsX) {
        if (BlockedLayout.isBlocked(x)) {
            normaliseBlocked(x, out, mode, ownsX);
            return;
        }
        int c = Math.toIntExact(x.size(x.rank() - 1));
        double[] mean;
        double[] var;
        if (mode.batchStatistics()) {
            double[][] stats = BatchNormKernels.meanAndVariance(x, c);
            mean = stats[0];
            var = stats[1];
            if (mode.updatesRunningStatistics()) updateRunningStatistics(mean, var, x.length() / c);
        } else {
            mean = runningMean.value().toDoubleVector();
            var = runningVar.value().toDoubleVector();
        }
        double[] g = gamma.value().toDoubleVector();
        double[] b = beta.value().toDoubleVector();
        double[] invStd = new double[c], scale = new double[c];
        for (int k = 0; k < c; k++) {
            invStd[k] = 1.0 / Math.sqrt(var[k] + EPS);
            scale[k] = g[k] * invStd[k];
        }
        BatchNormKernels.affine(x, out, mean, scale, b);
        if (mode.cache()) caches.push(new Cached(x, ownsX, mean, invStd, null, mode.paramGradients()));
    }

    /**
     * A {@link BlockedLayout} map (a planned network's training forward) on {@link DnnlBatchNorm}
     * with the batch's statistics; with running statistics (not planned: inference is NHWC) through NHWC.
     */
    private void normaliseBlocked(INDArray x, INDArray out, Mode mode, boolean ownsX) {
        if (!mode.batchStatistics()) {
            try (INDArray nhwc = BlockedLayout.toNhwc(x); INDArray y = forward(nhwc, mode); INDArray blocked = BlockedLayout.toBlocked(y)) {
                out.assign(blocked);
            }
            return;
        }
        DnnlBatchNorm.Statistics stats = DnnlBatchNorm.forward(x, out, gamma.value(), beta.value(), EPS);
        if (mode.updatesRunningStatistics()) {
            updateRunningStatistics(toDoubles(stats.mean()), toDoubles(stats.variance()), x.length() / stats.mean().length);
        }
        if (mode.cache()) caches.push(new Cached(x, ownsX, null, null, stats, mode.paramGradients()));
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private void updateRunningStatistics(double[] mean, double[] var, long rows) {
        double unbias = rows / Math.max(1.0, rows - 1.0);
        double[] rm = runningMean.value().toDoubleVector();
        double[] rv = runningVar.value().toDoubleVector();
        for (int k = 0; k < mean.length; k++) {
            rm[k] = (1 - MOMENTUM) * rm[k] + MOMENTUM * mean[k];
            rv[k] = (1 - MOMENTUM) * rv[k] + MOMENTUM * unbias * var[k];
        }
        assign(runningMean.value(), rm);
        assign(runningVar.value(), rv);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray g = KernelSupport.contiguous(gradOut);
        INDArray dx = UnfilledArrays.create(gradOut.dataType(), gradOut.shape());
        backwardInto(g, dx);
        if (g != gradOut) g.close();
        return dx;
    }

    @Override
    public INDArray backwardInPlace(INDArray gradOut) {
        if (!KernelSupport.writable(gradOut)) return backward(gradOut);
        backwardInto(gradOut, gradOut);
        return gradOut;
    }

    private void backwardInto(INDArray g, INDArray dx) {
        Cached cache = caches.pop();
        if (cache.blocked() != null) {
            float[][] dGammaBeta = cache.paramGradients() ? new float[2][] : null;
            try {
                DnnlBatchNorm.backward(cache.x(), g, dx, gamma.value(), cache.blocked(), EPS, dGammaBeta);
            } finally {
                if (cache.ownsX()) cache.x().close();
            }
            if (dGammaBeta != null) {
                accumulate(gamma, toDoubles(dGammaBeta[0]));
                accumulate(beta, toDoubles(dGammaBeta[1]));
            }
            return;
        }
        double[][] d = BatchNormKernels.backward(cache.x(), g, dx, cache.mean(), cache.invStd(), gamma.value().toDoubleVector());
        if (cache.ownsX()) cache.x().close();
        if (cache.paramGradients()) {
            accumulate(gamma, d[0]);
            accumulate(beta, d[1]);
        }
    }

    private static void accumulate(Param p, double[] grad) {
        try (INDArray g = Nd4j.createFromArray(grad).castTo(p.value().dataType())) {
            p.accumulate(g.dup());
        }
    }

    private static void assign(INDArray target, double[] values) {
        try (INDArray v = Nd4j.createFromArray(values); INDArray cast = v.castTo(target.dataType())) {
            target.assign(cast);
        }
    }

    @Override public List<Param> params() { return List.of(gamma, beta, runningMean, runningVar); }
    @Override
    public void clearCache() {
        while (!caches.isEmpty()) {
            Cached c = caches.pop();
            if (c.ownsX()) c.x().close();
        }
    }
}
