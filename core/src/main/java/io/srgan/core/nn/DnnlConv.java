package io.srgan.core.nn;

import static io.srgan.core.nn.Dnnl.check;
import static io.srgan.core.nn.Dnnl.desc;
import static org.bytedeco.dnnl.global.dnnl.*;

import io.srgan.core.nn.Dnnl.Contiguous;
import io.srgan.core.nn.Dnnl.ConvShape;
import io.srgan.core.nn.Dnnl.Memory;
import io.srgan.core.util.UnfilledArrays;
import java.lang.ref.Cleaner;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bf16 convolution forward ({@link Bf16Scope}): oneDNN 2.5 itself, through its javacpp preset
 * ({@link Dnnl}), on NHWC tensors as they are. libnd4j M2.1's conv2d runs FLOAT only at speed (its
 * bf16 inputs fall to generic loops), so bf16 needs this second engine: the FLOAT input is converted
 * to bf16 per call, the weights too (a few hundred kB at most), the products summed in fp32 and
 * written as FLOAT with the FLOAT bias added, so every other layer stays as it is. Measured on one
 * 2-core AVX512_BF16 machine for a 64→64 3×3 convolution over 256²: 34 ms in fp32, 22–25 ms in bf16
 * with the conversion.
 *
 * <p>Training convolutions run in {@link BlockedConv} or libnd4j: this engine's fp32 NHWC kernels,
 * tried for the training step, were no faster there than libnd4j's blocked ones with their reorders
 * (msrresnet 8x32's G step: 276–282 against 271–286 ms).
 *
 * <p>Primitives are built once per shape and kept per thread ({@link Dnnl.PerThread}), at most
 * {@link #CACHED} shapes each.
 */
final class DnnlConv {
    static final int CACHED = 64;

    /** Null when bf16 convolutions run here at speed (the natives load and the CPU has AVX512_BF16), else why not. */
    private static final String UNAVAILABLE = Dnnl.UNAVAILABLE != null ? Dnnl.UNAVAILABLE
            // without AVX512_BF16 oneDNN runs bf16 by converting to fp32 and back: slower than fp32 itself.
            // ISAs are bit sets (avx2_vnni is numerically larger, yet has no bf16): test the bits.
            : (dnnl_get_effective_cpu_isa() & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16 ? null
            : "oneDNN finds no AVX512_BF16 on this CPU (or ONEDNN_MAX_CPU_ISA caps it)";

    private static final Dnnl.PerThread<ConvShape, Conv> CONVS = new Dnnl.PerThread<>(CACHED, Conv::new);

    private DnnlConv() {}

    /** Whether bf16 convolutions run here at speed (else null, and why). */
    static String bf16Unavailable() { return UNAVAILABLE; }

    /** x [N,H,W,Cin] FLOAT, w [k,k,Cin,Cout], b [Cout] → y [N,H',W',Cout] FLOAT, the products in bf16. */
    static INDArray forwardBf16(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        if (UNAVAILABLE != null) throw new IllegalStateException("bf16 convolutions are not available: " + UNAVAILABLE);
        for (INDArray a : new INDArray[] {x, w, b}) {
            if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("bf16 convolution of " + a.dataType() + " data: FLOAT only");
        }
        if (x.rank() != 4 || w.rank() != 4 || w.size(0) != w.size(1) || x.size(3) != w.size(2) || b.length() != w.size(3)) {
            throw new IllegalArgumentException("bf16 convolution of x " + java.util.Arrays.toString(x.shape()) + " with weights "
                    + java.util.Arrays.toString(w.shape()) + " and bias " + java.util.Arrays.toString(b.shape())
                    + ": want x [N,H,W,C], weights [k,k,C,out], bias [out]");
        }
        Conv c = CONVS.get(new ConvShape(x.size(0), x.size(1), x.size(2), w.size(2), w.size(3), (int) w.size(0), stride, pad));
        INDArray y = UnfilledArrays.create(DataType.FLOAT, c.key().outShape());
        try (Contiguous cx = new Contiguous(x); Contiguous cw = new Contiguous(w); Contiguous cb = new Contiguous(b)) {
            c.runReorder(c.toWeights, c.userWeights.set(cw.a), c.weights);
            c.runReorder(c.toInput, c.userInput.set(cx.a), c.input.set(INPUT.get().buffer.bf16(x.length())));
            c.exec(c.forward, DNNL_ARG_SRC, c.input, DNNL_ARG_WEIGHTS, c.weights, DNNL_ARG_BIAS, c.bias.set(cb.a), DNNL_ARG_DST, c.y.set(y));
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
        return y;
    }

    /** How many shapes this thread keeps primitives for (at most {@link #CACHED}). */
    static int cachedShapes() { return CONVS.size(); }

    /** Frees this thread's bf16 input buffer ({@link Bf16Scope} does when its outermost scope closes). */
    static void releaseInput() {
        INPUT.get().buffer.release();
    }

    /**
     * The bf16 copy of a convolution's input, one buffer per thread grown to the largest input and
     * reused: an ND4J array per call would pile up in the model call's workspace (a workspace frees
     * nothing before the call ends; measured +36 % peak RSS in the upscale job), and outside one,
     * closing an array does not free it.
     */
    private static final class InputBuffer {
        private Pointer buffer;
        private long capacity;

        Pointer bf16(long elements) {
            long bytes = elements * 2;
            if (buffer == null || capacity < bytes) {
                release();
                buffer = Dnnl.allocate(bytes, "a bf16 convolution's input");
                capacity = bytes;
            }
            return buffer;
        }

        void release() {
            if (buffer != null) Pointer.free(buffer);
            buffer = null;
        }
    }

    /** The thread-local's value; when its thread ends, the cleaner frees the buffer, which does not refer back to it. */
    private static final class InputHolder {
        final InputBuffer buffer = new InputBuffer();
    }

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<InputHolder> INPUT = ThreadLocal.withInitial(() -> {
        InputHolder h = new InputHolder();
        CLEANER.register(h, h.buffer::release);
        return h;
    });

    /** The forward primitive of one shape, with its memory objects and bf16 weights. */
    private static final class Conv extends Dnnl.Primitives {
        dnnl_primitive forward, toInput, toWeights;
        Memory userInput, input, y, bias, userWeights, weights;

        Conv(ConvShape key) {
            super(key);
            built(this::build);
        }

        ConvShape key() { return (ConvShape) key; }

        private void build() {
            ConvShape k = key();
            long[] xDims = {k.n(), k.cin(), k.h(), k.w()};
            userInput = memory(desc(xDims, dnnl_f32, dnnl_nhwc));
            dnnl_memory_desc_t inputDesc = desc(xDims, dnnl_bf16, dnnl_nhwc);
            y = memory(desc(new long[] {k.n(), k.cout(), k.outH(), k.outW()}, dnnl_f32, dnnl_nhwc));
            bias = memory(desc(new long[] {k.cout()}, dnnl_f32, dnnl_x));
            userWeights = memory(desc(k.weightDims(), dnnl_f32, dnnl_hwio)); // [k,k,Cin,Cout]: this project's layout
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(d, dnnl_forward_inference, dnnl_convolution_direct, inputDesc,
                    desc(k.weightDims(), dnnl_bf16, dnnl_format_tag_any), bias.desc, y.desc, k.strides(), k.padBefore(), k.padAfter()),
                    "forward description " + k);
            dnnl_primitive_desc forwardDesc = describe(new const_dnnl_op_desc_t(d), null);
            forward = primitive(forwardDesc);
            input = memory(inputDesc);
            weights = ownedMemory(dnnl_primitive_desc_query_md(forwardDesc, dnnl_query_weights_md, 0));
            toInput = reorder(userInput, input);
            toWeights = reorder(userWeights, weights);
        }
    }
}
