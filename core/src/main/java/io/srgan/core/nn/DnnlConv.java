package io.srgan.core.nn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bf16 convolution forward ({@link Bf16Scope}): oneDNN 2.5 itself, through its javacpp preset,
 * on NHWC tensors as they are. libnd4j M2.1's conv2d runs FLOAT only at speed (its bf16 inputs fall
 * to generic loops), so bf16 needs this second engine: the FLOAT input is converted to bf16 per call,
 * the weights too (a few hundred kB at most), the products summed in fp32 and written as FLOAT with
 * the FLOAT bias added, so every other layer stays as it is. Measured on one 2-core AVX512_BF16
 * machine for a 64→64 3×3 convolution over 256²: 34 ms in fp32, 22–25 ms in bf16 with the conversion.
 *
 * <p>Training keeps libnd4j's convolutions: this engine's fp32 NHWC kernels, tried for the training
 * step, were no faster there than libnd4j's blocked ones with their reorders (msrresnet 8x32's G step:
 * 276–282 against 271–286 ms).
 *
 * <p>Primitives are built once per shape and kept per thread (a Spark executor runs tasks on
 * several threads; a stream and its memory objects must not be shared), at most {@link #CACHED}
 * shapes each, the least recently used destroyed first. Threads: oneDNN runs on the same OpenMP
 * runtime as libnd4j (one libgomp in the process), so ND4J's thread setting holds for both.
 */
final class DnnlConv {
    static final int CACHED = 64;

    private DnnlConv() {}

    /** Whether bf16 convolutions run here at speed: the natives load and the CPU has AVX512_BF16 (else null, and why). */
    static String bf16Unavailable() { return Native.UNAVAILABLE; }

    /** x [N,H,W,Cin] FLOAT, w [k,k,Cin,Cout], b [Cout] → y [N,H',W',Cout] FLOAT, the products in bf16. */
    static INDArray forwardBf16(INDArray x, INDArray w, INDArray b, int stride, int pad) {
        if (Native.UNAVAILABLE != null) throw new IllegalStateException("bf16 convolutions are not available: " + Native.UNAVAILABLE);
        for (INDArray a : new INDArray[] {x, w, b}) {
            if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("bf16 convolution of " + a.dataType() + " data: FLOAT only");
        }
        if (x.rank() != 4 || w.rank() != 4 || w.size(0) != w.size(1) || x.size(3) != w.size(2) || b.length() != w.size(3)) {
            throw new IllegalArgumentException("bf16 convolution of x " + java.util.Arrays.toString(x.shape()) + " with weights "
                    + java.util.Arrays.toString(w.shape()) + " and bias " + java.util.Arrays.toString(b.shape())
                    + ": want x [N,H,W,C], weights [k,k,C,out], bias [out]");
        }
        ThreadState state = PER_THREAD.get().state;
        Conv c = state.conv(new Key(x.size(0), x.size(1), x.size(2), w.size(2), w.size(3), (int) w.size(0), stride, pad));
        INDArray y = Nd4j.createUninitialized(DataType.FLOAT, c.key.outShape());
        try (Contiguous cx = new Contiguous(x); Contiguous cw = new Contiguous(w); Contiguous cb = new Contiguous(b)) {
            c.toWeights.run(c.userWeights.set(cw.a), c.weights);
            c.toInput.run(c.userInput.set(cx.a), c.input.set(state.input.bf16(x.length())));
            c.exec(c.forward, DNNL_ARG_SRC, c.input, DNNL_ARG_WEIGHTS, c.weights, DNNL_ARG_BIAS, c.bias.set(cb.a), DNNL_ARG_DST, c.y.set(y));
        } catch (RuntimeException | Error e) {
            y.close();
            throw e;
        }
        return y;
    }

    /** How many shapes this thread keeps primitives for (at most {@link #CACHED}). */
    static int cachedShapes() {
        return PER_THREAD.get().state.convs.size();
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
    }

    /** A convolution's shape: input N×H×W×Cin, Cout output channels, k×k kernel, stride, symmetric padding. */
    record Key(long n, long h, long w, long cin, long cout, int k, int stride, int pad) {
        long outH() { return (h + 2L * pad - k) / stride + 1; }
        long outW() { return (w + 2L * pad - k) / stride + 1; }
        long[] outShape() { return new long[] {n, outH(), outW(), cout}; }
        long[] strides() { return new long[] {stride, stride}; }
        long[] padBefore() { return new long[] {pad, pad}; }
        /** Padding after the input as oneDNN wants it: what the last window reaches past the edge (may be < pad). */
        long[] padAfter() { return new long[] {(outH() - 1) * stride + k - h - pad, (outW() - 1) * stride + k - w - pad}; }
    }

    /** The loaded library and its CPU engine; UNAVAILABLE says why not when it cannot run bf16. */
    private static final class Native {
        static final dnnl_engine ENGINE;
        static final String UNAVAILABLE;

        static {
            dnnl_engine engine = null;
            String why;
            try {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                engine = new dnnl_engine();
                check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine creation");
                int isa = dnnl_get_effective_cpu_isa();
                // without AVX512_BF16 oneDNN runs bf16 by converting to fp32 and back: slower than fp32 itself.
                // ISAs are bit sets (avx2_vnni is numerically larger, yet has no bf16): test the bits.
                boolean bf16 = (isa & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16;
                why = bf16 ? null : "oneDNN finds no AVX512_BF16 on this CPU (or ONEDNN_MAX_CPU_ISA caps it)";
            } catch (Throwable e) { // UnsatisfiedLinkError on a platform without the natives
                why = "oneDNN's natives did not load (" + e + ")";
            }
            ENGINE = engine;
            UNAVAILABLE = why;
        }
    }

    /** Frees this thread's bf16 input buffer ({@link Bf16Scope} does when its outermost scope closes). */
    static void releaseInput() {
        PER_THREAD.get().state.input.release();
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
                buffer = allocate(bytes);
                capacity = bytes;
            }
            return buffer;
        }

        void release() {
            if (buffer != null) Pointer.free(buffer);
            buffer = null;
        }
    }

    /**
     * Plain malloc, freed by the owner: javacpp's tracked allocations (new BytePointer) count against
     * a limit of -Xmx bytes (org.bytedeco.javacpp.maxbytes), which a large image's bf16 input alone can pass.
     */
    private static Pointer allocate(long bytes) {
        Pointer p = Pointer.malloc(bytes);
        if (p == null || p.isNull()) throw new OutOfMemoryError("cannot allocate " + bytes + " bytes for a bf16 convolution");
        return p;
    }

    /** One thread's primitives by shape (least recently used destroyed first) and its bf16 input buffer. */
    private static final class ThreadState {
        final InputBuffer input = new InputBuffer();
        final Map<Key, Conv> convs = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<Key, Conv> eldest) {
                if (size() <= CACHED) return false;
                eldest.getValue().destroy();
                return true;
            }
        };

        Conv conv(Key key) {
            return convs.computeIfAbsent(key, Conv::new);
        }

        void destroy() {
            convs.values().forEach(Conv::destroy);
            convs.clear();
            input.release();
        }
    }

    /**
     * What the thread-local holds; when its thread ends (Spark retires idle task threads) it becomes
     * unreachable and the cleaner frees the native state, which does not refer back to it.
     */
    private static final class Holder {
        final ThreadState state = new ThreadState();
    }

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<Holder> PER_THREAD = ThreadLocal.withInitial(() -> {
        Holder h = new Holder();
        CLEANER.register(h, h.state::destroy);
        return h;
    });

    /** The primitives of one shape, with their memory objects (data handles set per call) and bf16 weights. */
    private static final class Conv {
        final Key key;
        private final dnnl_stream stream = new dnnl_stream();
        private final List<dnnl_primitive_desc> descs = new ArrayList<>();
        private final List<dnnl_primitive> primitives = new ArrayList<>();
        private final List<Memory> memories = new ArrayList<>();
        private final dnnl_exec_arg_t args = new dnnl_exec_arg_t(4);
        /** Builds the primitives; what was built before a failure is destroyed, not left behind. */
        Conv(Key key) {
            this.key = key;
            try {
                build();
            } catch (RuntimeException | Error e) {
                destroy();
                throw e;
            }
        }

        private dnnl_primitive forward;
        private Memory userInput, input, y, bias, userWeights, weights;
        private Reorder toInput, toWeights;

        private void build() {
            check(dnnl_stream_create(stream, Native.ENGINE, dnnl_stream_default_flags), "stream creation");
            long[] xDims = {key.n(), key.cin(), key.h(), key.w()};
            userInput = memory(desc(xDims, dnnl_f32, dnnl_nhwc));
            dnnl_memory_desc_t inputDesc = desc(xDims, dnnl_bf16, dnnl_nhwc);
            y = memory(desc(new long[] {key.n(), key.cout(), key.outH(), key.outW()}, dnnl_f32, dnnl_nhwc));
            bias = memory(desc(new long[] {key.cout()}, dnnl_f32, dnnl_x));
            userWeights = memory(desc(weightDims(), dnnl_f32, dnnl_hwio)); // [k,k,Cin,Cout]: this project's layout
            dnnl_convolution_desc_t d = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(d, dnnl_forward_inference, dnnl_convolution_direct, inputDesc,
                    desc(weightDims(), dnnl_bf16, dnnl_format_tag_any), bias.desc, y.desc, key.strides(), key.padBefore(), key.padAfter()),
                    "forward description " + key);
            dnnl_primitive_desc forwardDesc = new dnnl_primitive_desc();
            check(dnnl_primitive_desc_create(forwardDesc, new const_dnnl_op_desc_t(d), null, Native.ENGINE, null), "primitive description " + key);
            descs.add(forwardDesc);
            forward = primitive(forwardDesc);
            input = memory(inputDesc);
            weights = ownedMemory(dnnl_primitive_desc_query_md(forwardDesc, dnnl_query_weights_md, 0));
            toInput = new Reorder(userInput, input);
            toWeights = new Reorder(userWeights, weights);
        }

        /** Runs a primitive on argument pairs (DNNL_ARG_*, Memory) and waits for it. */
        void exec(dnnl_primitive p, Object... argPairs) {
            int n = argPairs.length / 2;
            for (int i = 0; i < n; i++) args.position(i).arg((Integer) argPairs[2 * i]).memory(((Memory) argPairs[2 * i + 1]).memory);
            args.position(0);
            check(dnnl_primitive_execute(p, stream, n, args), "execution " + key);
            check(dnnl_stream_wait(stream), "stream wait " + key);
        }

        /** A conversion between two memories of this shape (FLOAT to bf16, the weights to the primitive's layout). */
        final class Reorder {
            private final dnnl_primitive primitive;

            Reorder(Memory from, Memory to) {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                check(dnnl_reorder_primitive_desc_create(pd, from.desc, Native.ENGINE, to.desc, Native.ENGINE, null), "reorder description " + key);
                descs.add(pd);
                primitive = primitive(pd);
            }

            void run(Memory from, Memory to) { exec(primitive, DNNL_ARG_FROM, from, DNNL_ARG_TO, to); }
        }

        private dnnl_primitive primitive(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "primitive creation " + key);
            primitives.add(p);
            return p;
        }

        private Memory memory(dnnl_memory_desc_t d) {
            Memory m = new Memory(d, null);
            memories.add(m);
            return m;
        }

        /** A memory with its own buffer (the weights in the layout the primitive chose). */
        private Memory ownedMemory(dnnl_memory_desc_t d) {
            Memory m = new Memory(d, allocate(dnnl_memory_desc_get_size(d)));
            memories.add(m);
            return m;
        }

        private long[] weightDims() { return new long[] {key.cout(), key.cin(), key.k(), key.k()}; }

        void destroy() {
            for (dnnl_primitive p : primitives) dnnl_primitive_destroy(p);
            for (Memory m : memories) m.destroy();
            for (dnnl_primitive_desc pd : descs) dnnl_primitive_desc_destroy(pd);
            if (!stream.isNull()) dnnl_stream_destroy(stream);
            primitives.clear();
            memories.clear();
            descs.clear();
        }
    }

    private static dnnl_memory_desc_t desc(long[] dims, int dataType, int tag) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dataType, tag), "memory description");
        return d;
    }

    /** A oneDNN memory object: an ND4J array's data (set per call) or a buffer of its own. */
    private static final class Memory {
        final dnnl_memory_desc_t desc;
        final dnnl_memory memory = new dnnl_memory();
        private final Pointer owned;

        Memory(dnnl_memory_desc_t desc, Pointer owned) {
            this.desc = desc;
            this.owned = owned;
            check(dnnl_memory_create(memory, desc, Native.ENGINE, owned), "memory creation");
        }

        /** Points this memory at a contiguous row-major array of its own buffer (see {@link Contiguous}). */
        Memory set(INDArray a) {
            return set(a.data().addressPointer());
        }

        Memory set(Pointer data) {
            check(dnnl_memory_set_data_handle(memory, data), "memory handle");
            return this;
        }

        void destroy() {
            dnnl_memory_destroy(memory);
            if (owned != null) Pointer.free(owned);
        }
    }

    /** The array itself when it is a contiguous row-major buffer of its own, else a copy closed after use. */
    private static final class Contiguous implements AutoCloseable {
        final INDArray a;
        private final boolean copied;

        Contiguous(INDArray x) {
            copied = x.isView() || !Shape.hasDefaultStridesForShape(x) || x.data().length() != x.length();
            a = copied ? x.dup('c') : x;
        }

        @Override public void close() { if (copied) a.close(); }
    }
}
