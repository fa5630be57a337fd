package io.srgan.core.interop;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.save's pre-1.6 format ({@code _use_new_zipfile_serialization=False}; the original ESRGAN
 * release): five pickles in a row — magic number, protocol version, sys_info, the object (storages
 * as persistent ids), the list of storage keys — then each storage, in key order, as an 8-byte
 * element count and its raw bytes. Storages the selected state dict does not use are skipped.
 */
final class TorchLegacyReader {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL = 1001;

    private TorchLegacyReader() {}

    static Map<String, FloatTensor> read(Path file) throws IOException {
        String source = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            TorchPickle header = new TorchPickle(source, true);
            Object magic = new Unpickler(in, source, header).load();
            if (!(magic instanceof BigInteger m) || !m.equals(MAGIC)) {
                throw new WeightFileException(source + ": starts with a pickle but not PyTorch's magic number (not a torch.save file)");
            }
            Object protocol = new Unpickler(in, source, header).load();
            if (!Long.valueOf(PROTOCOL).equals(protocol)) throw new WeightFileException(source + ": unsupported legacy protocol version " + protocol);
            ByteOrder order = byteOrder(new Unpickler(in, source, header).load(), source);

            TorchPickle policy = new TorchPickle(source, true);
            Object root = new Unpickler(in, source, policy).load();
            Map<String, TorchPickle.TensorRef> refs = StateDictSelector.select(root, source);
            if (!(new Unpickler(in, source, header).load() instanceof List<?> keys)) {
                throw new WeightFileException(source + ": the storage key list is not a list");
            }

            Map<String, ByteBuffer> needed = new HashMap<>();
            refs.values().forEach(t -> needed.put(t.storage().key(), null));
            for (Object k : keys) {
                TorchPickle.StorageRef s = policy.storages().get(String.valueOf(k));
                if (s == null) throw new WeightFileException(source + ": storage key '" + k + "' was never referred to by the pickle");
                long count = ByteBuffer.wrap(readFully(in, 8, source)).order(order).getLong();
                if (count != s.numel()) {
                    throw new WeightFileException(source + ": storage '" + k + "' declares " + s.numel() + " elements in the pickle, " + count + " in the data");
                }
                if (needed.containsKey(s.key())) {
                    needed.put(s.key(), ByteBuffer.wrap(readFully(in, s.bytes(), source)).order(order));
                } else {
                    skipFully(in, s.bytes(), source);
                }
            }
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            TorchPickle.ViewBudget budget = TorchPickle.ViewBudget.of(refs.values(), source);
            for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
                ByteBuffer raw = needed.get(e.getValue().storage().key());
                if (raw == null) throw new WeightFileException(source + ": storage '" + e.getValue().storage().key() + "' is not in the file");
                budget.take(e.getValue(), e.getKey());
                out.put(e.getKey(), e.getValue().materialize(raw, e.getKey(), source));
            }
            return out;
        }
    }

    private static ByteOrder byteOrder(Object sysInfo, String source) throws WeightFileException {
        if (!(sysInfo instanceof Map<?, ?> m)) throw new WeightFileException(source + ": sys_info is not a dict");
        return Boolean.FALSE.equals(m.get("little_endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** {@code n} bytes; the declared size was bounded by {@link TorchPickle#MAX_BYTES} and the read grows as data arrives. */
    private static byte[] readFully(InputStream in, long n, String source) throws IOException {
        byte[] b = in.readNBytes((int) n);
        if (b.length < n) throw new WeightFileException(source + ": truncated (a storage needs " + n + " bytes, " + b.length + " remain)");
        return b;
    }

    private static void skipFully(InputStream in, long n, String source) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new WeightFileException(source + ": truncated (a storage of " + n + " bytes is cut off)", e);
        }
    }
}
