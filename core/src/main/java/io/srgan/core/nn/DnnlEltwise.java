package io.srgan.core.nn;

import static io.srgan.core.nn.Dnnl.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Leaky ReLU forward and backward on oneDNN's eltwise kernels, for FLOAT arrays of any layout (the
 * operation is pointwise, so an array is one flat run of n elements: NHWC and {@link BlockedLayout}
 * maps alike). Measured on a 96²×32×16 map, in a loop: forward 0.36 ms against 0.8–1.1 ms for the
 * Java loop of {@link PointwiseKernels}, backward 0.7 against 1.8–2.4 ms; on 24² maps 0.02 / 0.03
 * against 0.09 / 0.2 ms. Results are the Java loop's bit for bit (x > 0 picks x, else α·x, α a
 * float; likewise g or α·g), in place allowed, except that a NaN sign source passes a finite g on
 * (the loop: NaN; the forward has given NaN there already). Not for ReLU (α = 0): oneDNN computes
 * it as max(x, 0), which turns NaN into 0 and would hide a diverged network.
 */
final class DnnlEltwise {
    private static final Dnnl.PerThread<Key, Relu> RELUS = new Dnnl.PerThread<>(32, Relu::new);

    private DnnlEltwise() {}

    /** Whether these kernels take the array and slope: FLOAT, α > 0, and oneDNN's natives loaded. */
    static boolean applies(INDArray x, double alpha) {
        return Dnnl.UNAVAILABLE == null && x.dataType() == DataType.FLOAT && alpha > 0;
    }

    /** max(x, αx) into {@code out} (may be x); both contiguous c-ordered buffers of their own, same length. */
    static void leakyRelu(INDArray x, INDArray out, float alpha) {
        Relu r = RELUS.get(new Key(x.length(), alpha));
        r.exec(r.forward, DNNL_ARG_SRC, r.src.set(x), DNNL_ARG_DST, r.dst.set(out));
    }

    /** g where {@code signSource} (the forward's input or output) is positive, α·g elsewhere, into {@code out} (may be g). */
    static void leakyReluBackward(INDArray signSource, INDArray g, INDArray out, float alpha) {
        Relu r = RELUS.get(new Key(g.length(), alpha));
        r.exec(r.backward, DNNL_ARG_SRC, r.src.set(signSource), DNNL_ARG_DIFF_DST, r.diffDst.set(g), DNNL_ARG_DIFF_SRC, r.diffSrc.set(out));
    }

    /** Whether this thread keeps primitives for n elements at slope α. */
    static boolean cached(long n, double alpha) { return RELUS.has(new Key(n, (float) alpha)); }

    private record Key(long n, float alpha) {}

    private static final class Relu extends Dnnl.Primitives {
        dnnl_primitive forward, backward;
        Dnnl.Memory src, dst, diffDst, diffSrc;

        Relu(Key key) {
            super(key);
            built(() -> build(key));
        }

        private void build(Key k) {
            dnnl_memory_desc_t flat = Dnnl.desc(new long[] {k.n()}, dnnl_f32, dnnl_a);
            src = memory(flat);
            dst = memory(flat);
            diffDst = memory(flat);
            diffSrc = memory(flat);
            dnnl_eltwise_desc_t f = new dnnl_eltwise_desc_t();
            check(dnnl_eltwise_forward_desc_init(f, dnnl_forward_training, dnnl_eltwise_relu, flat, k.alpha(), 0f), "eltwise forward " + k);
            dnnl_primitive_desc forwardDesc = describe(new const_dnnl_op_desc_t(f), null);
            forward = primitive(forwardDesc);
            dnnl_eltwise_desc_t b = new dnnl_eltwise_desc_t();
            check(dnnl_eltwise_backward_desc_init(b, dnnl_eltwise_relu, flat, flat, k.alpha(), 0f), "eltwise backward " + k);
            backward = primitive(describe(new const_dnnl_op_desc_t(b), forwardDesc));
        }
    }
}
