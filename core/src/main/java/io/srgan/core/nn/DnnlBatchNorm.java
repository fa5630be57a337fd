package io.srgan.core.nn;

import static io.srgan.core.nn.Dnnl.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import io.srgan.core.nn.Dnnl.Memory;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation of {@link BlockedLayout} maps with the batch's statistics (a training
 * forward) and its backward, on oneDNN's kernels: the per-channel sums of {@link BatchNormKernels}
 * run over NHWC rows. Statistics are in float here (the Java kernels sum in double); the variance
 * is the biased one, as the normalisation uses it. Per-channel vectors pass through this engine's
 * own aligned buffers.
 */
final class DnnlBatchNorm {
    private static final Dnnl.PerThread<Key, Norm> NORMS = new Dnnl.PerThread<>(32, Norm::new);

    private DnnlBatchNorm() {}

    /** Batch mean and (biased) variance per channel, as {@link #forward} computed them. */
    record Statistics(float[] mean, float[] variance) {}

    /** y = γ·(x − μ)/√(σ² + ε) + β over N, H, W of a blocked x (y may be x: oneDNN normalises in place); returns μ and σ². */
    static Statistics forward(INDArray x, INDArray y, INDArray gamma, INDArray beta, double eps) {
        Norm nm = NORMS.get(key(x, eps));
        nm.put(nm.scale, gamma);
        nm.put(nm.shift, beta);
        nm.exec(nm.forward, DNNL_ARG_SRC, nm.src.set(x), DNNL_ARG_DST, nm.dst.set(y), DNNL_ARG_SCALE, nm.scale, DNNL_ARG_SHIFT, nm.shift,
                DNNL_ARG_MEAN, nm.mean, DNNL_ARG_VARIANCE, nm.variance);
        return new Statistics(nm.get(nm.mean), nm.get(nm.variance));
    }

    /**
     * dL/dx into {@code dx} (may be g) through the batch statistics; where {@code dGammaBeta} is not
     * null, also {dγ, dβ} written into its two float arrays.
     */
    static void backward(INDArray x, INDArray g, INDArray dx, INDArray gamma, Statistics stats, double eps, float[][] dGammaBeta) {
        Norm nm = NORMS.get(key(x, eps));
        nm.put(nm.scale, gamma); // the shift is an argument too (oneDNN wants every input the flags name), unread
        nm.put(nm.mean, stats.mean());
        nm.put(nm.variance, stats.variance());
        nm.exec(nm.backward, DNNL_ARG_SRC, nm.src.set(x), DNNL_ARG_DIFF_DST, nm.diffDst.set(g), DNNL_ARG_DIFF_SRC, nm.diffSrc.set(dx),
                DNNL_ARG_SCALE, nm.scale, DNNL_ARG_SHIFT, nm.shift, DNNL_ARG_MEAN, nm.mean, DNNL_ARG_VARIANCE, nm.variance,
                DNNL_ARG_DIFF_SCALE, nm.diffScale, DNNL_ARG_DIFF_SHIFT, nm.diffShift);
        if (dGammaBeta != null) {
            dGammaBeta[0] = nm.get(nm.diffScale);
            dGammaBeta[1] = nm.get(nm.diffShift);
        }
    }

    /** How many shapes this thread keeps primitives for. */
    static int cachedShapes() { return NORMS.size(); }

    private static Key key(INDArray x, double eps) {
        if (!BlockedLayout.isBlocked(x)) throw new IllegalArgumentException("blocked batch norm of " + java.util.Arrays.toString(x.shape()));
        return new Key(x.size(0), BlockedLayout.channels(x), x.size(2), x.size(3), (float) eps);
    }

    private record Key(long n, long c, long h, long w, float eps) {}

    private static final class Norm extends Dnnl.Primitives {
        dnnl_primitive forward, backward;
        Memory src, dst, diffDst, diffSrc, scale, shift, mean, variance, diffScale, diffShift;
        private final int channels;

        Norm(Key k) {
            super(k);
            channels = Math.toIntExact(k.c());
            built(() -> build(k));
        }

        private void build(Key k) {
            dnnl_memory_desc_t data = Dnnl.desc(new long[] {k.n(), k.c(), k.h(), k.w()}, dnnl_f32, dnnl_nChw16c);
            dnnl_memory_desc_t vector = Dnnl.desc(new long[] {k.c()}, dnnl_f32, dnnl_x);
            src = memory(data);
            dst = memory(data);
            diffDst = memory(data);
            diffSrc = memory(data);
            scale = ownedMemory(vector);
            shift = ownedMemory(vector);
            mean = ownedMemory(vector);
            variance = ownedMemory(vector);
            diffScale = ownedMemory(vector);
            diffShift = ownedMemory(vector);
            int flags = dnnl_use_scale | dnnl_use_shift;
            dnnl_batch_normalization_desc_t f = new dnnl_batch_normalization_desc_t();
            check(dnnl_batch_normalization_forward_desc_init(f, dnnl_forward_training, data, k.eps(), flags), "batch norm forward " + k);
            dnnl_primitive_desc forwardDesc = describe(new const_dnnl_op_desc_t(f), null);
            forward = primitive(forwardDesc);
            dnnl_batch_normalization_desc_t b = new dnnl_batch_normalization_desc_t();
            check(dnnl_batch_normalization_backward_desc_init(b, dnnl_backward, data, data, k.eps(), flags), "batch norm backward " + k);
            backward = primitive(describe(new const_dnnl_op_desc_t(b), forwardDesc));
        }

        void put(Memory m, INDArray v) {
            try (Dnnl.Contiguous c = new Dnnl.Contiguous(v)) {
                Pointer.memcpy(m.owned, c.a.data().addressPointer(), (long) channels * Float.BYTES);
            }
        }

        void put(Memory m, float[] v) { new FloatPointer(m.owned).put(v, 0, channels); }

        float[] get(Memory m) {
            float[] v = new float[channels];
            new FloatPointer(m.owned).get(v, 0, channels);
            return v;
        }
    }
}
