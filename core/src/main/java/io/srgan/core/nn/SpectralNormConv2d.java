package io.srgan.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution with spectral normalisation (Miyato et al. 2018) as PyTorch's
 * {@code nn.utils.spectral_norm}: it convolves with W / σ(W), σ estimated by one power iteration on
 * W seen as a [k·k·in, out] matrix, whose vectors u [out] and v [k·k·in] are buffers (checkpointed,
 * averaged across partitions and restored with the weights). The gradient treats u and v as
 * constants, as PyTorch's does: with G = dL/dŴ and σ = vᵀWu, dL/dW = G/σ − (Σ G⊙W)/σ² · v uᵀ.
 *
 * <p>The power iteration runs in {@link Mode#TRAIN} forwards that start a stack of caching forwards
 * (the discriminator step's real batch), so that every forward of one step — and the backward
 * passes that follow — use one Ŵ. Parameter names: {@code <name>.weight} (PyTorch's weight_orig),
 * {@code .bias} (when it has one), {@code .weight_u}, {@code .weight_v}.
 */
public final class SpectralNormConv2d implements Layer {
    private static final double EPS = 1e-12; // PyTorch's normalize() eps

    private final Param weight;
    private final Param bias; // null without bias
    private final Param u;
    private final Param v;
    private final Param normalized; // Ŵ = W/σ: the inner convolution's weights; a gradient sink, never trained
    private final Conv2d conv;
    private final CacheStack<Boolean> pending;
    private double sigma = Double.NaN;

    public SpectralNormConv2d(String name, int in, int out, int kernel, int stride, int pad, boolean withBias, Init init) {
        long fanIn = (long) kernel * kernel * in;
        this.weight = Param.trainable(name + ".weight", init.weight(new long[] {kernel, kernel, in, out}, fanIn));
        this.bias = withBias ? Param.trainable(name + ".bias", init.bias(out, fanIn)) : null;
        Param convBias = withBias ? bias : Param.buffer(name + ".no_bias", init.zeros(out));
        // PyTorch starts u and v as normalised standard normals
        this.u = Param.buffer(name + ".weight_u", normalize(init.kaimingNormal(new long[] {out}, 2, 1.0)));
        this.v = Param.buffer(name + ".weight_v", normalize(init.kaimingNormal(new long[] {fanIn}, 2, 1.0)));
        this.normalized = Param.trainable(name + ".weight_sn", init.zeros(kernel, kernel, in, out));
        this.conv = Conv2d.over(name, normalized, convBias, stride, pad);
        this.pending = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        if (pending.isEmpty()) refresh(mode.paramGradients());
        if (mode.cache()) pending.push(Boolean.TRUE);
        return conv.forward(x, mode);
    }

    /** Ŵ from the current W (it changes between steps), after one power iteration when training D. */
    private void refresh(boolean iterate) {
        INDArray w = matrix(weight.value());
        if (iterate) {
            try (INDArray wu = w.mmul(u.value().reshape(-1, 1)); INDArray nv = normalize(wu.reshape(-1))) {
                v.value().assign(nv);
            }
            try (INDArray wtv = w.transpose().mmul(v.value().reshape(-1, 1)); INDArray nu = normalize(wtv.reshape(-1))) {
                u.value().assign(nu);
            }
        }
        try (INDArray wu = w.mmul(u.value().reshape(-1, 1)); INDArray vwu = v.value().reshape(1, -1).mmul(wu)) {
            sigma = vwu.getDouble(0);
        }
        normalized.value().assign(weight.value()).divi(sigma);
    }

    @Override
    public INDArray backward(INDArray gradOut) { return backward(gradOut, true); }

    @Override
    public void backwardParamsOnly(INDArray gradOut) { backward(gradOut, false); }

    private INDArray backward(INDArray gradOut, boolean inputGradient) {
        pending.pop();
        boolean paramGradients = conv.wantsParamGradients();
        if (paramGradients) normalized.grad().assign(0);
        INDArray dx = null;
        if (inputGradient) dx = conv.backward(gradOut);
        else conv.backwardParamsOnly(gradOut);
        if (paramGradients) {
            INDArray g = normalized.grad();
            double gw;
            try (INDArray product = g.mul(weight.value())) {
                gw = product.sumNumber().doubleValue();
            }
            try (INDArray vu = v.value().reshape(-1, 1).mmul(u.value().reshape(1, -1));
                 INDArray dw = g.div(sigma)) {
                dw.subi(vu.reshape(weight.value().shape()).muli(gw / (sigma * sigma)));
                weight.grad().addi(dw);
            }
        }
        return dx;
    }

    /** The convolution that runs with Ŵ ({@link BlockedPlan} plans it as any other). */
    Conv2d conv() { return conv; }

    /** The σ of the newest forward (for tests). */
    double sigma() { return sigma; }

    private static INDArray matrix(INDArray w) {
        return w.reshape(w.size(0) * w.size(1) * w.size(2), w.size(3));
    }

    private static INDArray normalize(INDArray x) {
        double n = Math.max(x.norm2Number().doubleValue(), EPS);
        return x.div(n);
    }

    /** Trainable W, the bias, then the power-iteration buffers u and v. */
    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>(List.of(weight));
        if (bias != null) p.add(bias);
        p.add(u);
        p.add(v);
        return p;
    }

    @Override
    public void clearCache() {
        conv.clearCache();
        pending.clear();
    }
}
