package io.srgan.core.interop;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What torch.save's pickles mean, restricted to state dicts: the only globals are
 * {@code collections.OrderedDict}, torch's tensor/parameter rebuild functions and the storage type
 * tags. Any other global ({@code os.system}, {@code builtins.eval}, a model class...) is refused when
 * the GLOBAL opcode is read, naming it and the file, before anything could call it. Tensors come out
 * as {@link TensorRef}s pointing into storages that the format reader loads afterwards, so a
 * storage's declared size can be checked against the file before anything is allocated.
 */
final class TorchPickle implements Unpickler.Policy {
    /** Largest storage or tensor accepted, in bytes: a Java array's limit, and far above any SR generator's layer. */
    static final long MAX_BYTES = (1L << 31) - 64;

    /** A storage tag from a persistent id: {@code ('storage', torch.FloatStorage, key, location, numel[, view])}. */
    record StorageRef(String key, StorageDtype dtype, long numel) {
        long bytes() { return numel * dtype.bytes; }
    }

    /** A tensor view into a storage: element offset, sizes and strides in elements. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
        /** The tensor's values in row-major order, honouring offset and strides; bounds checked first. */
        FloatTensor materialize(ByteBuffer raw, String name, String source) throws WeightFileException {
            long numel;
            try {
                numel = FloatTensor.numel(size);
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new WeightFileException(source + ": tensor '" + name + "' has an impossible shape " + Arrays.toString(size));
            }
            if (numel * storage.dtype().bytes > MAX_BYTES) {
                throw new WeightFileException(source + ": tensor '" + name + "' of shape " + Arrays.toString(size) + " is over the 2 GiB limit");
            }
            long last = offset; // the furthest element the view reads
            for (int d = 0; d < size.length; d++) {
                if (stride[d] < 0) throw new WeightFileException(source + ": tensor '" + name + "' has a negative stride");
                if (size[d] > 0) last += (size[d] - 1) * stride[d];
            }
            if (numel > 0 && (offset < 0 || last >= storage.numel())) {
                throw new WeightFileException(source + ": tensor '" + name + "' reads element " + last + " of storage '"
                        + storage.key() + "', which holds " + storage.numel());
            }
            float[] out = new float[(int) numel];
            int[] index = new int[size.length];
            long at = offset;
            for (int i = 0; i < out.length; i++) {
                out[i] = storage.dtype().get(raw, at);
                for (int d = size.length - 1; d >= 0; d--) { // odometer over the indices, last dimension fastest
                    if (++index[d] < size[d]) {
                        at += stride[d];
                        break;
                    }
                    at -= (size[d] - 1) * stride[d];
                    index[d] = 0;
                }
            }
            return new FloatTensor(size, out);
        }
    }

    /**
     * Caps the floats all tensors together make: views may alias one storage, and each view becomes
     * its own array, so a small file of many views over one large storage would otherwise ask for
     * many times its size. A state dict's views cover their storages about once; twice, plus 1M
     * elements, leaves room for odd but honest layouts.
     */
    static final class ViewBudget {
        private final String source;
        private long left;

        private ViewBudget(long elements, String source) {
            this.left = elements;
            this.source = source;
        }

        static ViewBudget of(java.util.Collection<TensorRef> refs, String source) {
            Map<String, Long> storages = new LinkedHashMap<>();
            for (TensorRef r : refs) storages.put(r.storage().key(), r.storage().numel());
            long total = 0;
            for (long n : storages.values()) total = Math.addExact(total, n);
            return new ViewBudget(Math.addExact(Math.multiplyExact(total, 2), 1 << 20), source);
        }

        void take(TensorRef ref, String name) throws WeightFileException {
            long n;
            try {
                n = FloatTensor.numel(ref.size());
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw new WeightFileException(source + ": tensor '" + name + "' has an impossible shape " + Arrays.toString(ref.size()));
            }
            left -= n;
            if (left < 0) {
                throw new WeightFileException(source + ": its tensors view their storages many times over (at '" + name
                        + "'): not a state dict");
            }
        }
    }

    /** A permitted global; a storage tag carries its element type. */
    private record Global(String qualifiedName, StorageDtype storageDtype) {}

    private static final Set<String> FUNCTIONS = Set.of(
            "collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state");

    private final String source;
    private final boolean legacy;
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    /** @param legacy pre-1.6 persistent ids, which carry a sixth element (a view of a shared storage) */
    TorchPickle(String source, boolean legacy) {
        this.source = source;
        this.legacy = legacy;
    }

    /** The storages the pickle referred to, by key. */
    Map<String, StorageRef> storages() { return storages; }

    @Override
    public Object global(String module, String name) throws WeightFileException {
        String q = module + "." + name;
        if (FUNCTIONS.contains(q)) return new Global(q, null);
        if (module.equals("torch")) {
            var dtype = StorageDtype.ofTorchStorage(name);
            if (dtype.isPresent()) return new Global(q, dtype.get());
        }
        throw new WeightFileException(source + ": refusing pickle global '" + module + " " + name
                + "': only a plain state dict (tensors in dicts) is read, nothing is ever called or instantiated");
    }

    @Override
    public Object reduce(Object callable, List<Object> args) throws WeightFileException {
        if (!(callable instanceof Global g) || g.storageDtype() != null) {
            throw new WeightFileException(source + ": pickle calls " + describe(callable) + ", which a state dict never does");
        }
        switch (g.qualifiedName()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof List<?> kv) || kv.size() != 2 || !(kv.get(0) instanceof String)) {
                            throw bad("OrderedDict items are not (name, value) pairs");
                        }
                        d.put(kv.get(0), kv.get(1));
                    }
                } else if (!args.isEmpty()) {
                    throw bad("OrderedDict called with " + args.size() + " arguments");
                }
                return d;
            }
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (args.size() < 4) throw bad(g.qualifiedName() + " with " + args.size() + " arguments");
                if (!(args.get(0) instanceof StorageRef s)) throw bad("tensor storage is " + describe(args.get(0)));
                long[] size = longs(args.get(2), "size");
                long[] stride = longs(args.get(3), "stride");
                if (size.length != stride.length) throw bad("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride) + " differ in rank");
                return new TensorRef(s, asLong(args.get(1), "storage offset"), size, stride);
            }
            default -> { // the parameter wrappers: the tensor is the first argument
                if (args.isEmpty() || !(args.get(0) instanceof TensorRef t)) throw bad(g.qualifiedName() + " without a tensor");
                return t;
            }
        }
    }

    @Override
    public Object persistentLoad(Object pid) throws WeightFileException {
        if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw bad("unknown persistent id " + describe(pid));
        }
        if (!(t.get(1) instanceof Global g) || g.storageDtype() == null) throw bad("storage type " + describe(t.get(1)));
        if (!(t.get(2) instanceof String key)) throw bad("storage key " + describe(t.get(2)));
        long numel = asLong(t.get(4), "storage size");
        if (numel < 0 || numel > MAX_BYTES / g.storageDtype().bytes) {
            throw new WeightFileException(source + ": storage '" + key + "' declares " + numel + " elements, over the 2 GiB limit");
        }
        if (legacy && t.size() > 5 && t.get(5) != null) {
            throw new WeightFileException(source + ": storage '" + key + "' is a view of another storage (a pre-0.4 PyTorch file); re-save it with a current PyTorch");
        }
        StorageRef ref = new StorageRef(key, g.storageDtype(), numel);
        StorageRef earlier = storages.putIfAbsent(key, ref);
        if (earlier != null && !earlier.equals(ref)) throw bad("storage '" + key + "' is declared twice, differently");
        return earlier != null ? earlier : ref;
    }

    @Override
    public void build(Object target, Object state) throws WeightFileException {
        // OrderedDict's state is the state dict's _metadata (module versions): not needed here.
        if (!(target instanceof Map<?, ?>)) throw bad("BUILD (setting object state) on " + describe(target));
    }

    private long[] longs(Object o, String what) throws WeightFileException {
        if (!(o instanceof List<?> l)) throw bad("tensor " + what + " is " + describe(o));
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = asLong(l.get(i), what);
        return out;
    }

    private long asLong(Object o, String what) throws WeightFileException {
        if (o instanceof Long v) return v;
        throw bad(what + " is " + describe(o));
    }

    private static String describe(Object o) {
        if (o instanceof Global g) return g.qualifiedName();
        if (o == null) return "None";
        if (o instanceof java.util.Collection<?> c) return o.getClass().getSimpleName() + " of " + c.size(); // never print nested containers
        if (o instanceof Map<?, ?> m) return "dict of " + m.size();
        String s = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (s.length() > 80 ? s.substring(0, 80) + "…" : s);
    }

    private WeightFileException bad(String what) {
        return new WeightFileException(source + ": not a PyTorch state dict pickle: " + what);
    }
}
