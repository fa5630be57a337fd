package io.srgan.core.nn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What this project's oneDNN 2.5 engines share (the javacpp preset; libnd4j links its own copy,
 * which Java cannot reach): the CPU engine, status checks, memory descriptions and objects, and a
 * per-thread cache of primitive sets. Threads: oneDNN runs on the same OpenMP runtime as libnd4j
 * (one libgomp in the process), so ND4J's thread setting holds for both.
 */
final class Dnnl {
    /** Null when the natives loaded, else why not. */
    static final String UNAVAILABLE;
    static final dnnl_engine ENGINE;

    static {
        dnnl_engine engine = null;
        String why = null;
        try {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
            engine = new dnnl_engine();
            check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine creation");
        } catch (Throwable e) { // UnsatisfiedLinkError on a platform without the natives
            why = "oneDNN's natives did not load (" + e + ")";
        }
        ENGINE = engine;
        UNAVAILABLE = why;
    }

    private Dnnl() {}

    static void check(int status, String what) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
    }

    static dnnl_memory_desc_t desc(long[] dims, int dataType, int tag) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dataType, tag), "memory description");
        return d;
    }

    /** A FLOAT tensor of the given dims laid out with the given strides (in elements). */
    static dnnl_memory_desc_t strided(long[] dims, long[] strides) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_strides(d, dims.length, dims, dnnl_f32, strides), "strided memory description");
        return d;
    }

    /** A convolution's shape: input N×H×W×Cin, Cout output channels, k×k kernel, stride, symmetric padding. */
    record ConvShape(long n, long h, long w, long cin, long cout, int k, int stride, int pad) {
        long outH() { return (h + 2L * pad - k) / stride + 1; }
        long outW() { return (w + 2L * pad - k) / stride + 1; }
        long[] outShape() { return new long[] {n, outH(), outW(), cout}; }
        long[] strides() { return new long[] {stride, stride}; }
        long[] padBefore() { return new long[] {pad, pad}; }
        /** Padding after the input as oneDNN wants it: what the last window reaches past the edge (may be < pad). */
        long[] padAfter() { return new long[] {(outH() - 1) * stride + k - h - pad, (outW() - 1) * stride + k - w - pad}; }
        /** oneDNN's weight dims (O, I, kh, kw); this project's [k,k,Cin,Cout] is their hwio layout. */
        long[] weightDims() { return new long[] {cout, cin, k, k}; }
    }

    /**
     * Plain malloc, freed by the owner: javacpp's tracked allocations (new BytePointer) count against
     * a limit of -Xmx bytes (org.bytedeco.javacpp.maxbytes), which a large image's buffers alone can pass.
     */
    static Pointer allocate(long bytes, String what) {
        Pointer p = Pointer.malloc(bytes);
        if (p == null || p.isNull()) throw new OutOfMemoryError("cannot allocate " + bytes + " bytes for " + what);
        return p;
    }

    /**
     * A oneDNN memory object: an ND4J array's data (set per call) or a buffer of its own, aligned to
     * 64 bytes: oneDNN's Winograd kernels load their weights and bias with aligned AVX-512 moves
     * (a buffer on a 32-byte boundary, as malloc and ND4J give, faults), while activations may sit
     * on ND4J's 32-byte boundaries.
     */
    static final class Memory {
        static final int ALIGNMENT = 64;
        final dnnl_memory_desc_t desc;
        final dnnl_memory memory = new dnnl_memory();
        private final Pointer raw;
        /** The own buffer (aligned), or null. */
        final Pointer owned;

        Memory(dnnl_memory_desc_t desc, boolean own) {
            this.desc = desc;
            long bytes = dnnl_memory_desc_get_size(desc);
            this.raw = own ? allocate(bytes + ALIGNMENT, "oneDNN memory") : null;
            this.owned = own ? new Pointer(raw) {
                { address = (raw.address() + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT; capacity = bytes; limit = bytes; }
            } : null;
            if (own) Pointer.memset(owned, 0, bytes); // blocked layouts may pad; padding must read as zero
            try {
                check(dnnl_memory_create(memory, desc, ENGINE, owned), "memory creation");
            } catch (RuntimeException e) {
                if (raw != null) Pointer.free(raw); // not yet listed for destruction
                throw e;
            }
        }

        /** Points this memory at a contiguous row-major array of its own buffer (see {@link Contiguous}). */
        Memory set(INDArray a) {
            return set(a.data().addressPointer());
        }

        Memory set(Pointer data) {
            check(dnnl_memory_set_data_handle(memory, data), "memory handle");
            return this;
        }

        long bytes() { return dnnl_memory_desc_get_size(desc); }

        void destroy() {
            dnnl_memory_destroy(memory);
            if (raw != null) Pointer.free(raw);
        }
    }

    /** The array itself when it is a contiguous row-major buffer of its own, else a copy closed after use. */
    static final class Contiguous implements AutoCloseable {
        final INDArray a;
        private final boolean copied;

        Contiguous(INDArray x) {
            copied = x.isView() || !Shape.hasDefaultStridesForShape(x) || x.data().length() != x.length();
            a = copied ? x.dup('c') : x;
        }

        @Override public void close() { if (copied) a.close(); }
    }

    /**
     * Primitives built together for one shape, with their descriptions, memory objects (data handles
     * set per call) and stream, destroyed together. A subclass builds in its constructor through
     * {@link #built}, which destroys what was made before a failure.
     */
    abstract static class Primitives {
        static final int MAX_ARGS = 12;
        final Object key;
        private final dnnl_stream stream = new dnnl_stream();
        private final List<dnnl_primitive_desc> descs = new ArrayList<>();
        private final List<dnnl_primitive> primitives = new ArrayList<>();
        private final List<Memory> memories = new ArrayList<>();
        private final dnnl_exec_arg_t args = new dnnl_exec_arg_t(MAX_ARGS);

        Primitives(Object key) {
            this.key = key;
        }

        /** Runs the subclass's build; on failure destroys what was made and rethrows. */
        final void built(Runnable build) {
            try {
                check(dnnl_stream_create(stream, ENGINE, dnnl_stream_default_flags), "stream creation");
                build.run();
            } catch (RuntimeException | Error e) {
                destroy();
                throw e;
            }
        }

        /** Runs a primitive on argument pairs (DNNL_ARG_*, Memory), at most {@link #MAX_ARGS}, and waits for it. */
        final void exec(dnnl_primitive p, Object... argPairs) {
            int n = argPairs.length / 2;
            if (n > MAX_ARGS) throw new IllegalArgumentException(n + " arguments for " + key + ": at most " + MAX_ARGS);
            for (int i = 0; i < n; i++) args.position(i).arg((Integer) argPairs[2 * i]).memory(((Memory) argPairs[2 * i + 1]).memory);
            args.position(0);
            int status = dnnl_primitive_execute(p, stream, n, args);
            if (status == dnnl_success) status = dnnl_stream_wait(stream);
            if (status != dnnl_success) check(status, "execution " + key); // the message built only then: this runs per call
        }

        /** The primitive description of an operation (a hint: the forward's, for a backward), kept for destruction. */
        final dnnl_primitive_desc describe(const_dnnl_op_desc_t op, dnnl_primitive_desc hint) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_primitive_desc_create(pd, op, null, ENGINE, hint), "primitive description " + key);
            return keep(pd);
        }

        /** Keeps a primitive description for destruction. */
        final dnnl_primitive_desc keep(dnnl_primitive_desc pd) {
            descs.add(pd);
            return pd;
        }

        final dnnl_primitive primitive(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            check(dnnl_primitive_create(p, pd), "primitive creation " + key);
            primitives.add(p);
            return p;
        }

        /** A memory whose data handle is set per call. */
        final Memory memory(dnnl_memory_desc_t d) {
            Memory m = new Memory(d, false);
            memories.add(m);
            return m;
        }

        /** A memory with its own 64-byte aligned buffer (weights in the layout a primitive chose). */
        final Memory ownedMemory(dnnl_memory_desc_t d) {
            Memory m = new Memory(d, true);
            memories.add(m);
            return m;
        }

        /** A reorder between two memories (a layout or type conversion). */
        final dnnl_primitive reorder(Memory from, Memory to) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_reorder_primitive_desc_create(pd, from.desc, ENGINE, to.desc, ENGINE, null), "reorder description " + key);
            return primitive(keep(pd));
        }

        final void runReorder(dnnl_primitive reorder, Memory from, Memory to) {
            exec(reorder, DNNL_ARG_FROM, from, DNNL_ARG_TO, to);
        }

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

    /**
     * Primitive sets by key, kept per thread (a Spark executor runs tasks on several threads; a
     * stream and its memory objects must not be shared), at most {@code capacity} per thread, the
     * least recently used destroyed first. When a thread ends (Spark retires idle task threads) its
     * map becomes unreachable and a cleaner destroys what it held.
     *
     * <p>Also keyed by the calling thread's OpenMP thread count: oneDNN fixes a primitive's thread
     * count when it is built, and splits some sums by thread (the first-layer kernels' weight and bias
     * gradients), so a primitive kept from another setting would run with the wrong number of threads
     * and give other last bits than a task with this setting (a Spark task sets its share of the
     * cores, {@code NativeThreads}; a round must not depend on what the thread ran before).
     */
    static final class PerThread<K, V extends Primitives> {
        private final int capacity;
        private final Function<K, V> build;
        private final ThreadLocal<Holder<K, V>> holders;

        /** A key with the OpenMP thread count its primitives were built with. */
        private record Keyed<K>(K key, int threads) {}

        PerThread(int capacity, Function<K, V> build) {
            this.capacity = capacity;
            this.build = build;
            this.holders = ThreadLocal.withInitial(() -> {
                Holder<K, V> h = new Holder<>(capacity);
                CLEANER.register(h, h.map::destroyAll);
                return h;
            });
        }

        V get(K key) { return holders.get().map.computeIfAbsent(new Keyed<>(key, openMpThreads()), k -> build.apply(k.key())); }

        /** How many this thread keeps. */
        int size() { return holders.get().map.size(); }

        /** Whether this thread keeps primitives for the key (not counted as a use). */
        boolean has(K key) { return holders.get().map.containsKey(new Keyed<>(key, openMpThreads())); }

        int capacity() { return capacity; }

        private static final class Holder<K, V extends Primitives> {
            final Lru<Keyed<K>, V> map;

            Holder(int capacity) { map = new Lru<>(capacity); }
        }

        /** Not referring to its holder, so the cleaner's action does not keep the holder reachable. */
        private static final class Lru<K, V extends Primitives> extends LinkedHashMap<K, V> {
            private final int capacity;

            Lru(int capacity) {
                super(16, 0.75f, true);
                this.capacity = capacity;
            }

            @Override protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() <= capacity) return false;
                eldest.getValue().destroy();
                return true;
            }

            void destroyAll() {
                values().forEach(Primitives::destroy);
                clear();
            }
        }
    }

    private static final Cleaner CLEANER = Cleaner.create();

    /** The calling thread's OpenMP thread count, which oneDNN's primitives take when built. */
    static int openMpThreads() { return OpenMp.OPS.ompGetMaxThreads(); }

    private static final class OpenMp {
        static final NativeOps OPS;

        static {
            Nd4j.getExecutioner(); // loads the backend, which NativeOpsHolder needs
            OPS = NativeOpsHolder.getInstance().getDeviceNativeOps();
        }
    }
}
