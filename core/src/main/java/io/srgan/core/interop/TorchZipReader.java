package io.srgan.core.interop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * torch.save's zip format (PyTorch ≥ 1.6): {@code <prefix>/data.pkl} (the pickle),
 * {@code <prefix>/data/<key>} (one raw storage per key), {@code <prefix>/version} and, since 2.1,
 * {@code <prefix>/byteorder}. Only the storages of the selected state dict are read.
 */
final class TorchZipReader {
    private TorchZipReader() {}

    static Map<String, FloatTensor> read(Path file) throws IOException {
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(zip, source);
            ByteOrder order = byteOrder(zip, prefix, source);
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            TorchPickle policy = new TorchPickle(source, false);
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl))) {
                root = new Unpickler(in, source + " (" + pkl.getName() + ")", policy).load();
            }
            Map<String, TorchPickle.TensorRef> refs = StateDictSelector.select(root, source);
            Map<String, ByteBuffer> loaded = new HashMap<>();
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            TorchPickle.ViewBudget budget = TorchPickle.ViewBudget.of(refs.values(), source);
            for (Map.Entry<String, TorchPickle.TensorRef> e : refs.entrySet()) {
                TorchPickle.StorageRef s = e.getValue().storage();
                ByteBuffer raw = loaded.get(s.key());
                if (raw == null) {
                    raw = ByteBuffer.wrap(storage(zip, prefix, s, source)).order(order);
                    loaded.put(s.key(), raw);
                }
                budget.take(e.getValue(), e.getKey());
                out.put(e.getKey(), e.getValue().materialize(raw, e.getKey(), source));
            }
            return out;
        } catch (ZipException e) {
            throw new WeightFileException(source + ": not a readable zip archive, or truncated (" + e.getMessage() + ")", e);
        }
    }

    /** The archive's single top-level folder holding data.pkl, with a trailing slash. */
    private static String archivePrefix(ZipFile zip, String source) throws WeightFileException {
        List<String> found = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9).forEach(found::add);
        if (found.size() != 1) {
            throw new WeightFileException(source + ": a PyTorch zip archive has exactly one <name>/data.pkl, found " + found);
        }
        return found.get(0).substring(0, found.get(0).length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix, String source) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) return ByteOrder.LITTLE_ENDIAN; // written only since PyTorch 2.1; earlier files are little-endian
        try (InputStream in = zip.getInputStream(e)) {
            String text = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            return switch (text) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new WeightFileException(source + ": unknown byteorder '" + text + "'");
            };
        }
    }

    /** The storage's bytes, after checking the entry holds what the pickle declares. */
    private static byte[] storage(ZipFile zip, String prefix, TorchPickle.StorageRef s, String source) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "data/" + s.key());
        if (e == null) throw new WeightFileException(source + ": storage '" + s.key() + "' is missing from the archive");
        long need = s.bytes();
        if (e.getMethod() != ZipEntry.STORED) { // a deflated entry's declared size is the attacker's word, and torch.save never compresses
            throw new WeightFileException(source + ": storage '" + s.key() + "' is compressed; torch.save writes storages uncompressed"
                    + " (load it in PyTorch and save it again)");
        }
        if (e.getSize() < need) {
            throw new WeightFileException(source + ": storage '" + s.key() + "' declares " + need + " bytes (" + s.numel() + " × "
                    + s.dtype() + ") but the archive entry holds " + e.getSize());
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) need);
            if (b.length < need) {
                throw new WeightFileException(source + ": storage '" + s.key() + "' is truncated (" + b.length + " of " + need + " bytes)");
            }
            return b;
        }
    }
}
