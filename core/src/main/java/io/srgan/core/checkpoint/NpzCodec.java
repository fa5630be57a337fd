package io.srgan.core.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import io.srgan.core.util.Finite;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named tensors as a NumPy {@code .npz} archive (a zip of {@code <name>.npy} entries, stored
 * uncompressed), so a user can open any checkpoint with {@code numpy.load(...)}.
 */
public final class NpzCodec {
    private NpzCodec() {}

    /** Writes every tensor; a tensor holding a NaN or an infinity is refused (a diverged state is never written). */
    public static void write(Map<String, INDArray> tensors, OutputStream out) throws IOException {
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            if (!Finite.all(e.getValue())) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' holds NaN or infinite values: refusing to write a diverged state");
            }
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(0);
        for (Map.Entry<String, INDArray> e : new TreeMap<>(tensors).entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            zip.write(Nd4j.toNpyByteArray(e.getValue().dup('c')));
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /**
     * Reads every entry; a malformed archive, or a tensor holding NaN or infinite values (a diverged
     * state: its outputs would be black images), raises {@link CheckpointCorruptException} naming
     * {@code source}.
     */
    public static Map<String, INDArray> read(InputStream in, String source) throws IOException {
        Map<String, INDArray> tensors = new TreeMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry entry;
        try {
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (!name.endsWith(".npy")) throw new CheckpointCorruptException(source + ": unexpected entry '" + name + "'");
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                zip.transferTo(buf);
                byte[] bytes = buf.toByteArray();
                INDArray tensor;
                try {
                    tensor = Nd4j.createNpyFromByteArray(bytes).dup();
                } catch (RuntimeException e) {
                    throw new CheckpointCorruptException(source + ": entry '" + name + "' is not a valid .npy array (" + e.getMessage() + ")", e);
                }
                if (!Finite.all(tensor)) {
                    tensors.values().forEach(INDArray::close);
                    tensor.close();
                    throw new CheckpointCorruptException(source + ": tensor '" + name.substring(0, name.length() - 4)
                            + "' holds NaN or infinite values (a diverged state); refusing it");
                }
                tensors.put(name.substring(0, name.length() - 4), tensor);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CheckpointCorruptException(source + ": not a valid or a truncated .npz archive (" + e.getMessage() + ")", e);
        }
        if (tensors.isEmpty()) throw new CheckpointCorruptException(source + ": archive holds no tensors (truncated?)");
        return tensors;
    }
}
