package io.srgan.core.nn;

import static io.srgan.core.nn.Dnnl.check;
import static io.srgan.core.nn.Dnnl.desc;
import static org.bytedeco.dnnl.global.dnnl.*;

import io.srgan.core.nn.Dnnl.ConvShape;
import io.srgan.core.nn.Dnnl.Contiguous;
import io.srgan.core.nn.Dnnl.Memory;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training convolution on {@link BlockedLayout} maps: oneDNN 2.5's forward, backward-data and
 * backward-weights primitives with source and destination in nChw16c, built once per shape and
 * kept per thread. Only the weights change layout per call (a few kB to a few hundred: this
 * project's [k,k,Cin,Cout] to the layout each primitive picked, and the weight gradient back),
 * where libnd4j's conv2d / conv2d_bp reorder the activations too, around every call. The algorithm
 * is oneDNN's choice ({@code auto}): Winograd F(4,3) for 3×3 stride-1 convolutions on AVX-512, as
 * libnd4j's backward already ran (its forward: direct), so results equal libnd4j's to fp32 rounding
 * of a different summation, not bit for bit.
 */
final class BlockedConv {
    static final int CACHED = 64;

    private static final Dnnl.PerThread<ConvShape, Conv> CONVS = new Dnnl.PerThread<>(CACHED, Conv::new);

    private BlockedConv() {}

    /** Whether a convolution of these channel counts and type runs here: a blocked input, any output channel count. */
    static boolean applies(long cin, long cout, DataType type) {
        return BlockedLayout.fits(cin, type) && cout > 0;
    }

    /** Whether the output (and its gradient) is blocked; else NHWC (an image's few channels). */
    static boolean blockedOutput(long cout) { return cout % BlockedLayout.BLOCK == 0; }

    /** x [N,Cin/16,H,W,16], w [k,k,Cin,Cout], b [Cout] → y [N,Cout/16,H',W',16], or [N,H',W',Cout] for few output channels. */
    static INDArray forward(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        Conv c = CONVS.get(key(x, w, stride, pad));
        count(c.key(), 1);
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, c.outShape());
        try (Contiguous cx = new Contiguous(x); Contiguous cw = new Contiguous(w); Contiguous cb = new Contiguous(b)) {
            c.runReorder(c.toForwardWeights, c.userWeights.set(cw.a), c.forwardWeights);
            Pointer.memcpy(c.bias.owned, cb.a.data().addressPointer(), c.bias.bytes());
            if (c.nhwcOut == null) {
                c.exec(c.forward, DNNL_ARG_SRC, c.src.set(cx.a), DNNL_ARG_WEIGHTS, c.forwardWeights, DNNL_ARG_BIAS, c.bias,
                        DNNL_ARG_DST, c.dst.set(y));
            } else {
                try (INDArray padded = c.padded()) {
                    c.exec(c.forward, DNNL_ARG_SRC, c.src.set(cx.a), DNNL_ARG_WEIGHTS, c.forwardWeights, DNNL_ARG_BIAS, c.bias,
                            DNNL_ARG_DST, c.dst.set(padded));
                    c.runReorder(c.dstToNhwc, c.dst, c.nhwcOut.set(y));
                }
            }
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
        return y;
    }

    /**
     * Gradients of {@link #forward} for the output gradient g (in the output's layout): {dx (blocked,
     * or null unless {@code inputGradient}), dw [k,k,Cin,Cout] (or null unless {@code paramGradients}), db [Cout] (likewise)}.
     */
    static INDArray[] backward(INDArray x, INDArray w, INDArray g, int stride, int pad, boolean inputGradient, boolean paramGradients) {
        Conv c = CONVS.get(key(x, w, stride, pad));
        count(c.key(), (inputGradient ? 1 : 0) + (paramGradients ? 1 : 0));
        INDArray dx = null, dw = null, db = null;
        try (Contiguous cx = new Contiguous(x); Contiguous cw = new Contiguous(w); Contiguous cg = new Contiguous(g);
             INDArray padded = c.nhwcOut == null ? null : c.padded()) {
            if (c.nhwcOut == null) {
                c.diffDst.set(cg.a);
            } else {
                c.runReorder(c.nhwcToDiffDst, c.nhwcOut.set(cg.a), c.diffDst.set(padded));
            }
            if (paramGradients) {
                dw = Nd4j.createUninitialized(DataType.FLOAT, w.shape());
                db = Nd4j.createUninitialized(DataType.FLOAT, w.size(3));
                c.exec(c.backwardWeights, DNNL_ARG_SRC, c.src.set(cx.a), DNNL_ARG_DIFF_DST, c.diffDst,
                        DNNL_ARG_DIFF_WEIGHTS, c.diffWeights, DNNL_ARG_DIFF_BIAS, c.diffBias);
                c.runReorder(c.toUserDiffWeights, c.diffWeights, c.userDiffWeights.set(dw));
                Pointer.memcpy(db.data().addressPointer(), c.diffBias.owned, c.diffBias.bytes());
            }
            if (inputGradient) {
                dx = Nd4j.createUninitialized(DataType.FLOAT, c.inShape());
                c.runReorder(c.toDataWeights, c.userWeights.set(cw.a), c.dataWeights);
                c.exec(c.backwardData, DNNL_ARG_DIFF_DST, c.diffDst, DNNL_ARG_WEIGHTS, c.dataWeights, DNNL_ARG_DIFF_SRC, c.diffSrc.set(dx));
            }
        } catch (RuntimeException | Error e) {
            for (INDArray a : new INDArray[] {dx, dw, db}) if (a != null) a.close();
            throw e;
        }
        return new INDArray[] {dx, dw, db};
    }

    /** How many shapes this thread keeps primitives for (at most {@link #CACHED}). */
    static int cachedShapes() { return CONVS.size(); }

    private static ConvShape key(INDArray x, INDArray w, int stride, int pad) {
        if (!BlockedLayout.isBlocked(x) || w.rank() != 4 || w.size(0) != w.size(1) || BlockedLayout.channels(x) != w.size(2)
                || !applies(w.size(2), w.size(3), x.dataType())) {
            throw new IllegalArgumentException("blocked convolution of x " + java.util.Arrays.toString(x.shape()) + " with weights "
                    + java.util.Arrays.toString(w.shape()) + ": want x [N,C/16,H,W,16] FLOAT, weights [k,k,C,out]");
        }
        return new ConvShape(x.size(0), x.size(2), x.size(3), w.size(2), w.size(3), (int) w.size(0), stride, pad);
    }

    private static void count(ConvShape k, int passes) { ConvFlops.add(k.n(), k.outH(), k.outW(), k.cout(), k.cin(), k.k(), passes); }

    /** The three primitives of one shape, the weights in each one's layout, and the reorders to and from this project's. */
    private static final class Conv extends Dnnl.Primitives {
        dnnl_primitive forward, backwardData, backwardWeights, toForwardWeights, toDataWeights, toUserDiffWeights, dstToNhwc, nhwcToDiffDst;
        Memory src, dst, bias, diffSrc, diffDst, diffBias, userWeights, userDiffWeights, forwardWeights, dataWeights, diffWeights;
        /** For few output channels: the caller's NHWC output and its gradient (dst and diffDst then own the layout oneDNN picked). */
        Memory nhwcOut;

        Conv(ConvShape key) {
            super(key);
            built(this::build);
        }

        ConvShape key() { return (ConvShape) key; }

        /**
         * A buffer for the padded few-channel output or its gradient, from ND4J per call (so inside a
         * step's workspace; kept per thread it would hold N·16·H'·W' floats per shape for good).
         */
        INDArray padded() {
            return Nd4j.createUninitialized(DataType.FLOAT, dst.bytes() / Float.BYTES);
        }

        long[] inShape() { return new long[] {key().n(), key().cin() / BlockedLayout.BLOCK, key().h(), key().w(), BlockedLayout.BLOCK}; }

        long[] outShape() {
            ConvShape k = key();
            return nhwcOut == null ? new long[] {k.n(), k.cout() / BlockedLayout.BLOCK, k.outH(), k.outW(), BlockedLayout.BLOCK}
                    : k.outShape();
        }

        private void build() {
            ConvShape k = key();
            long[] dstDims = {k.n(), k.cout(), k.outH(), k.outW()};
            boolean blockedOut = blockedOutput(k.cout());
            dnnl_memory_desc_t srcDesc = desc(new long[] {k.n(), k.cin(), k.h(), k.w()}, dnnl_f32, dnnl_nChw16c);
            dnnl_memory_desc_t dstDesc = desc(dstDims, dnnl_f32, blockedOut ? dnnl_nChw16c : dnnl_format_tag_any);
            dnnl_memory_desc_t anyWeights = desc(k.weightDims(), dnnl_f32, dnnl_format_tag_any);
            dnnl_memory_desc_t biasDesc = desc(new long[] {k.cout()}, dnnl_f32, dnnl_x);
            src = memory(srcDesc);
            diffSrc = memory(srcDesc);
            bias = ownedMemory(biasDesc); // copied in and out: Winograd wants them 64-byte aligned
            diffBias = ownedMemory(biasDesc);
            userWeights = memory(desc(k.weightDims(), dnnl_f32, dnnl_hwio)); // [k,k,Cin,Cout]: this project's layout
            userDiffWeights = memory(desc(k.weightDims(), dnnl_f32, dnnl_hwio));

            dnnl_convolution_desc_t f = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(f, dnnl_forward_training, dnnl_convolution_auto, srcDesc, anyWeights, biasDesc,
                    dstDesc, k.strides(), k.padBefore(), k.padAfter()), "forward description " + k);
            dnnl_primitive_desc forwardDesc = describe(new const_dnnl_op_desc_t(f), null);
            forward = primitive(forwardDesc);
            if (blockedOut) {
                dst = memory(dstDesc);
                diffDst = memory(dstDesc);
            } else { // the kernels' own layout (the output channels padded to a block), reordered from and to NHWC
                dst = memory(dnnl_primitive_desc_query_md(forwardDesc, dnnl_query_dst_md, 0));
                diffDst = dst;
                nhwcOut = memory(desc(dstDims, dnnl_f32, dnnl_nhwc));
                dstToNhwc = reorder(dst, nhwcOut);
                nhwcToDiffDst = reorder(nhwcOut, diffDst);
            }
            forwardWeights = ownedMemory(dnnl_primitive_desc_query_md(forwardDesc, dnnl_query_weights_md, 0));
            toForwardWeights = reorder(userWeights, forwardWeights);

            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            // a few-channel output's gradient padded to 16 channels makes Winograd's data pass 2.3x direct's (10.1 against 4.4 ms
            // for msrresnet's last conv, batch 16 at 96²)
            check(dnnl_convolution_backward_data_desc_init(d, blockedOut ? dnnl_convolution_auto : dnnl_convolution_direct, srcDesc,
                    anyWeights, diffDst.desc, k.strides(),
                    k.padBefore(), k.padAfter()), "backward-data description " + k);
            dnnl_primitive_desc dataDesc = describe(new const_dnnl_op_desc_t(d), forwardDesc);
            backwardData = primitive(dataDesc);
            dataWeights = ownedMemory(dnnl_primitive_desc_query_md(dataDesc, dnnl_query_weights_md, 0));
            toDataWeights = reorder(userWeights, dataWeights);

            dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_auto, srcDesc, anyWeights, biasDesc, diffDst.desc,
                    k.strides(), k.padBefore(), k.padAfter()), "backward-weights description " + k);
            dnnl_primitive_desc weightsDesc = describe(new const_dnnl_op_desc_t(wd), forwardDesc);
            backwardWeights = primitive(weightsDesc);
            diffWeights = ownedMemory(dnnl_primitive_desc_query_md(weightsDesc, dnnl_query_diff_weights_md, 0));
            toUserDiffWeights = reorder(diffWeights, userDiffWeights);
        }
    }
}
