package io.srgan.core.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * k×k convolution, NHWC, padding k/2 on each side by default (as PyTorch's {@code padding=k//2}), so
 * stride 1 keeps the size and stride 2 gives ⌊(H−1)/2⌋+1; an even kernel takes an explicit padding
 * (the U-Net discriminator's 4×4, stride 2, padding 1 halves an even size). Weights [k, k, in, out],
 * bias [out]; a bias-free convolution ({@link #withoutBias}) has the weight as its only parameter.
 */
public final class Conv2d implements Layer {
    private final Param weight;
    private final Param bias;
    private final int stride;
    private final int pad;
    private final boolean listsBias; // false: the bias is a fixed zero that no optimizer, checkpoint or average sees
    private final CacheStack<Saved> inputs;
    private boolean emitsBlocked; // set by BlockedPlan: training forwards hand the output on in the blocked layout

    public Conv2d(String name, int in, int out, int kernel, int stride, Init init) {
        this(name, Param.trainable(name + ".weight", init.weight(new long[] {kernel, kernel, in, out}, (long) kernel * kernel * in)),
                Param.trainable(name + ".bias", init.bias(out, (long) kernel * kernel * in)), stride);
    }

    private Conv2d(String name, Param weight, Param bias, int stride) {
        this(name, weight, bias, stride, (int) weight.value().size(0) / 2);
        if (weight.value().size(0) % 2 == 0) throw new IllegalArgumentException(name + ": an even kernel needs an explicit padding");
    }

    private Conv2d(String name, Param weight, Param bias, int stride, int pad) {
        this(name, weight, bias, stride, pad, true);
    }

    private Conv2d(String name, Param weight, Param bias, int stride, int pad, boolean listsBias) {
        long[] w = weight.value().shape();
        if (w.length != 4 || w[0] != w[1]) {
            throw new IllegalArgumentException(name + ": weights must be [k, k, in, out], got " + java.util.Arrays.toString(w));
        }
        if (bias.value().length() != w[3]) throw new IllegalArgumentException(name + ": bias must have " + w[3] + " entries");
        if (pad < 0 || pad >= w[0]) throw new IllegalArgumentException(name + ": padding must be in [0, k), got " + pad);
        this.weight = weight;
        this.bias = bias;
        this.stride = stride;
        this.pad = pad;
        this.listsBias = listsBias;
        this.inputs = new CacheStack<>(name);
    }

    /** A trainable convolution with given initial weights [k, k, in, out] (k odd) and bias [out]. */
    public static Conv2d trainable(String name, INDArray weight, INDArray bias, int stride) {
        return new Conv2d(name, Param.trainable(name + ".weight", weight), Param.trainable(name + ".bias", bias), stride);
    }

    /**
     * A trainable convolution without bias (PyTorch's {@code bias=False}, as before a batch norm), any
     * kernel size, explicit padding: {@link #params()} is the weight alone ({@code <name>.weight}); the
     * native op adds a fixed zero bias that gets no gradient, no optimizer state and no checkpoint entry.
     */
    public static Conv2d withoutBias(String name, int in, int out, int kernel, int stride, int pad, Init init) {
        Param weight = Param.trainable(name + ".weight", init.weight(new long[] {kernel, kernel, in, out}, (long) kernel * kernel * in));
        return new Conv2d(name, weight, Param.buffer(name + ".no_bias", init.zeros(out)), stride, pad, false);
    }

    /**
     * A convolution over parameters owned elsewhere (a wrapper such as {@link SpectralNormConv2d}
     * that derives the weights it convolves with), any kernel size, explicit padding.
     */
    static Conv2d over(String name, Param weight, Param bias, int stride, int pad) {
        return new Conv2d(name, weight, bias, stride, pad);
    }

    /**
     * A stride-1 convolution with fixed weights [k, k, in, out] and bias [out], as in a frozen
     * feature network: its parameters are buffers (no gradients, no optimizer state), and backward
     * in any mode gives the input gradient alone.
     */
    public static Conv2d frozen(String name, INDArray weight, INDArray bias) {
        return new Conv2d(name, Param.buffer(name + ".weight", weight), Param.buffer(name + ".bias", bias), 1);
    }

    /**
     * What a caching forward keeps: the input as the convolution ran on it (a layout conversion of
     * the caller's, closed after backward, if {@code converted}), whether the parameters want
     * gradients, and the layouts: the caller's input, the output handed on, and whether it ran as a
     * {@link BlockedConv} (else libnd4j's NHWC ops).
     */
    private record Saved(INDArray x, boolean paramGradients, boolean converted, boolean inputBlocked, boolean outputBlocked,
                         boolean blockedEngine) {}

    /**
     * NHWC in and out, except in a training forward of a network {@link BlockedPlan} has planned: the
     * input may come blocked, and the output goes on blocked if this layer emits so. The convolution
     * itself runs on {@link BlockedConv} when either side is blocked and its channels allow it (an
     * image's few channels stay NHWC on their side).
     */
    @Override
    public INDArray forward(INDArray x, Mode mode) {
        boolean inBlocked = BlockedLayout.isBlocked(x);
        boolean outBlocked = mode.keepsPlannedLayout() && emitsBlocked && BlockedLayout.fits(outChannels(), x.dataType());
        boolean engine = (inBlocked || outBlocked) && BlockedConv.applies(inChannels(), outChannels(), stride, x.dataType());
        boolean runsOnBlocked = engineInputBlocked(engine);
        INDArray xr = runsOnBlocked == inBlocked ? x : runsOnBlocked ? BlockedLayout.toBlocked(x) : BlockedLayout.toNhwc(x);
        INDArray y;
        try {
            y = engine ? BlockedConv.forward(xr, weight.value(), bias.value(), stride, pad)
                    : NativeOps.conv2d(xr, weight.value(), bias.value(), stride, pad);
            y = moveToLayout(y, engine && BlockedConv.blockedOutput(outChannels()), outBlocked);
        } catch (RuntimeException | Error e) {
            if (xr != x) xr.close();
            throw e;
        }
        if (mode.cache()) {
            inputs.push(new Saved(xr, mode.paramGradients() && weight.isTrainable(), xr != x, inBlocked, outBlocked, engine));
        } else if (xr != x) {
            xr.close();
        }
        return y;
    }

    /**
     * Blocked: {@link BlockedConv}'s backward primitives. NHWC: few input or output channels (an
     * image) by {@link Im2colConv}, otherwise libnd4j's conv2d_bp. The input gradient goes back in
     * the layout the input came in.
     */
    @Override
    public INDArray backward(INDArray gradOut) {
        Saved c = inputs.pop();
        INDArray g = inLayout(gradOut, c.outputBlocked(), c.blockedEngine() && BlockedConv.blockedOutput(outChannels()));
        try {
            INDArray dx;
            if (c.blockedEngine()) {
                INDArray[] r = BlockedConv.backward(c.x(), weight.value(), g, stride, pad, true, c.paramGradients());
                if (c.paramGradients()) accumulate(new INDArray[] {r[1], r[2]});
                dx = r[0];
            } else {
                dx = nhwcBackward(c.x(), g, c.paramGradients());
            }
            return moveToLayout(dx, engineInputBlocked(c.blockedEngine()), c.inputBlocked());
        } finally {
            if (g != gradOut) g.close();
            if (c.converted()) c.x().close();
        }
    }

    private INDArray nhwcBackward(INDArray x, INDArray g, boolean paramGradients) {
        if (!paramGradients) return inputGradient(x, g);
        if (Im2colConv.applies(x, weight.value(), stride)) {
            accumulate(Im2colConv.paramGradients(x, weight.value(), g, pad));
            return Im2colConv.inputGradient(x, weight.value(), g, pad);
        }
        if (Im2colConv.appliesToOutput(x, weight.value(), stride)) {
            INDArray[] r = Im2colConv.outputSideGradients(x, weight.value(), g, pad, true);
            accumulate(new INDArray[] {r[1], r[2]});
            return r[0];
        }
        INDArray[] r = NativeOps.conv2dBackward(x, weight.value(), bias.value(), g, stride, pad);
        accumulate(new INDArray[] {r[1], r[2]});
        return r[0];
    }

    /** As {@link #backward} without the input gradient, which the blocked and the few-input-channel paths then never compute. */
    @Override
    public void backwardParamsOnly(INDArray gradOut) {
        Saved c = inputs.peek();
        if (!c.paramGradients() || !(c.blockedEngine() || Im2colConv.applies(c.x(), weight.value(), stride))) {
            backward(gradOut).close();
            return;
        }
        inputs.pop();
        INDArray g = inLayout(gradOut, c.outputBlocked(), c.blockedEngine() && BlockedConv.blockedOutput(outChannels()));
        try {
            if (c.blockedEngine()) {
                INDArray[] r = BlockedConv.backward(c.x(), weight.value(), g, stride, pad, false, true);
                accumulate(new INDArray[] {r[1], r[2]});
            } else {
                accumulate(Im2colConv.paramGradients(c.x(), weight.value(), g, pad));
            }
        } finally {
            if (g != gradOut) g.close();
            if (c.converted()) c.x().close();
        }
    }

    /** Whether the convolution takes its input blocked: on the blocked engine, unless an image's few channels (NHWC). */
    private boolean engineInputBlocked(boolean engine) { return engine && !BlockedConv.nhwcInput(inChannels()); }

    /** {@code a}, in the layout {@code blocked} says it is, brought to the layout {@code wanted} (closing {@code a} if converted). */
    private static INDArray moveToLayout(INDArray a, boolean blocked, boolean wanted) {
        if (blocked == wanted) return a;
        try (INDArray from = a) {
            return wanted ? BlockedLayout.toBlocked(from) : BlockedLayout.toNhwc(from);
        }
    }

    /** As {@link #moveToLayout} for an array the caller keeps: {@code a} itself or a converted copy. */
    private static INDArray inLayout(INDArray a, boolean blocked, boolean wanted) {
        if (blocked == wanted) return a;
        return wanted ? BlockedLayout.toBlocked(a) : BlockedLayout.toNhwc(a);
    }

    /** Adds {dw, db} into the parameters' gradients and closes them. */
    private void accumulate(INDArray[] dwDb) {
        weight.accumulate(dwDb[0]);
        if (bias.isTrainable()) bias.accumulate(dwDb[1]);
        else dwDb[1].close(); // a fixed zero bias (a bias-free layer)
    }

    /**
     * dL/dx alone, as the transposed convolution of the output gradient with the same weights
     * (a [k,k,in,out] conv kernel is a [k,k,out',in'] transposed-conv kernel with out' = in): about
     * half the cost of conv2d_bp, which always computes the weight gradient too. With stride > 1 the
     * transposed conv runs unpadded and the input's rows and columns are cut out of its output.
     */
    private INDArray inputGradient(INDArray x, INDArray gradOut) {
        if (Im2colConv.applies(x, weight.value(), stride)) return Im2colConv.inputGradient(x, weight.value(), gradOut, pad);
        if (Im2colConv.appliesToOutput(x, weight.value(), stride)) {
            return Im2colConv.outputSideGradients(x, weight.value(), gradOut, pad, false)[0];
        }
        if (stride == 1) return NativeOps.deconv2d(gradOut, weight.value(), null, 1, pad);
        try (INDArray full = NativeOps.deconv2d(gradOut, weight.value(), null, stride, 0)) {
            return full.get(NDArrayIndex.all(), NDArrayIndex.interval(pad, pad + x.size(1)),
                    NDArrayIndex.interval(pad, pad + x.size(2)), NDArrayIndex.all()).dup('c');
        }
    }

    long inChannels() { return weight.value().size(2); }

    long outChannels() { return weight.value().size(3); }

    /** Whether training forwards hand the output on blocked (as {@link BlockedPlan} set it). */
    boolean emitsBlocked() { return emitsBlocked; }

    /** Set by {@link BlockedPlan}: training forwards hand the output on in the blocked layout (where it fits). */
    void emitBlocked(boolean emits) { emitsBlocked = emits; }

    /** Whether the newest pending TRAIN forward will give parameter gradients in its backward. */
    boolean wantsParamGradients() { return inputs.peek().paramGradients(); }

    @Override public List<Param> params() { return listsBias ? List.of(weight, bias) : List.of(weight); }
    @Override
    public void clearCache() {
        while (!inputs.isEmpty()) {
            Saved c = inputs.pop();
            if (c.converted()) c.x().close();
        }
    }

    DataType dataType() { return weight.value().dataType(); }
}
