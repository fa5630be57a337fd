package io.srgan.core.nn;

import io.srgan.core.util.UnfilledArrays;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * ESRGAN's dense connectivity (the body of a residual dense block, without its residual): n 3×3
 * convolutions where conv i reads the channel concatenation of the input and the outputs of every
 * earlier conv; each conv but the last adds {@code growth} channels through LeakyReLU(0.2), the
 * last maps the whole concatenation back to {@code channels}. Parameter names are BasicSR's
 * ({@code <name>.conv1} … {@code <name>.conv5}).
 *
 * <p>Input i+1 is concat(input i, output i), so the backward pass splits the gradient of each
 * concatenation into the part that flows on to the earlier input and the part of the conv output.
 * In TRAIN mode the concatenations are kept for the backward pass (as PyTorch's autograd keeps
 * them for torch.cat's consumers). Maps are NHWC or, in a planned network, {@link BlockedLayout}
 * maps, which concatenate and split by whole channel blocks.
 */
public final class DenseBlock implements Layer {
    private final int channels;
    private final int growth;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<LeakyRelu> activations = new ArrayList<>();
    private final CacheStack<List<INDArray>> owned;

    /**
     * @param convs   n ≥ 2 (ESRGAN: 5)
     * @param initScale factor on BasicSR's Kaiming-normal initialisation of the convolutions (ESRGAN: 0.1)
     */
    public DenseBlock(String name, int channels, int growth, int convs, double initScale, Init init) {
        if (convs < 2) throw new IllegalArgumentException(name + ": a dense block needs at least 2 convolutions, got " + convs);
        this.channels = channels;
        this.growth = growth;
        for (int i = 0; i < convs; i++) {
            int in = channels + i * growth;
            int out = i == convs - 1 ? channels : growth;
            long fanIn = 9L * in;
            String conv = name + ".conv" + (i + 1);
            this.convs.add(Conv2d.trainable(conv, init.kaimingNormal(new long[] {3, 3, in, out}, fanIn, initScale),
                    init.zeros(out), 1));
            if (i < convs - 1) activations.add(new LeakyRelu(conv + ".act", 0.2));
        }
        this.owned = new CacheStack<>(name);
    }

    @Override
    public INDArray forward(INDArray x, Mode mode) {
        List<INDArray> keep = new ArrayList<>();
        INDArray in = x;
        for (int i = 0; i < activations.size(); i++) {
            INDArray y = activations.get(i).forwardInPlace(convs.get(i).forward(in, mode), mode);
            INDArray next = concat(channelAxis(in), in, y);
            if (mode.cache()) {
                keep.add(y);
                keep.add(next);
            } else {
                y.close();
                if (in != x) in.close();
            }
            in = next;
        }
        INDArray out = convs.get(convs.size() - 1).forward(in, mode);
        if (mode.cache()) owned.push(keep);
        else if (in != x) in.close();
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        List<INDArray> keep = owned.pop();
        INDArray g = convs.get(convs.size() - 1).backward(gradOut); // d/d concat of everything before the last conv
        for (int i = activations.size() - 1; i >= 0; i--) {
            long earlier = channels + (long) i * growth; // concat(input i, output i): the first `earlier` channels are input i
            INDArray gradY = channelSlice(g, earlier, earlier + growth);
            INDArray gradIn = channelSlice(g, 0, earlier);
            g.close();
            gradY = activations.get(i).backwardInPlace(gradY);
            try (INDArray throughConv = convs.get(i).backward(gradY)) {
                gradIn.addi(throughConv);
            }
            gradY.close();
            g = gradIn;
        }
        keep.forEach(INDArray::close);
        return g;
    }

    /** NHWC: channels are the last axis; a {@link BlockedLayout} map: blocks of 16 on axis 1. */
    private static int channelAxis(INDArray x) { return BlockedLayout.isBlocked(x) ? 1 : 3; }

    /** a and b joined along the axis, into unfilled memory (libnd4j's concat would zero-fill its output first). */
    private static INDArray concat(int axis, INDArray a, INDArray b) {
        long[] shape = a.shape().clone();
        shape[axis] += b.size(axis);
        INDArray out = UnfilledArrays.create(a.dataType(), shape);
        Nd4j.exec(DynamicCustomOp.builder("concat").addInputs(a, b).addOutputs(out).addIntegerArguments(axis).build());
        return out;
    }

    private static INDArray channelSlice(INDArray x, long from, long to) {
        INDArray view = BlockedLayout.isBlocked(x)
                ? x.get(NDArrayIndex.all(), NDArrayIndex.interval(from / BlockedLayout.BLOCK, to / BlockedLayout.BLOCK),
                        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())
                : x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to));
        return UnfilledArrays.create(x.dataType(), view.shape()).assign(view);
    }

    /** Whether the block can run in the blocked layout: every concatenation a whole number of 16-channel blocks. */
    boolean fitsBlocked(org.nd4j.linalg.api.buffer.DataType type) {
        return BlockedLayout.fits(channels, type) && BlockedLayout.fits(growth, type);
    }

    int channels() { return channels; }

    List<Conv2d> convs() { return convs; }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        convs.forEach(c -> all.addAll(c.params()));
        return all;
    }

    @Override
    public void clearCache() {
        convs.forEach(Conv2d::clearCache);
        activations.forEach(LeakyRelu::clearCache);
        while (!owned.isEmpty()) owned.pop().forEach(INDArray::close);
    }
}
