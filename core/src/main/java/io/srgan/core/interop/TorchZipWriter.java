package io.srgan.core.interop;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state dict as torch.save does (PyTorch ≥ 1.6 zip format): uncompressed entries
 * {@code archive/data.pkl} ({@link StateDictPickle}), {@code archive/data/<key>} (little-endian
 * float32), {@code archive/version} and {@code archive/byteorder}; storage entries start 64-byte
 * aligned (torch's padding extra field "FB") so that {@code torch.load(mmap=True)} takes them too.
 * Entry times are fixed, so the same weights always give the same bytes.
 */
public final class TorchZipWriter {
    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0); // not 1980: Java adds an extended-timestamp field at the DOS epoch

    private TorchZipWriter() {}

    /** {@code {wrapper: sd}}, e.g. wrapper "params_ema" as BasicSR and Real-ESRGAN release their weights. */
    public static void write(StateDict sd, String wrapper, OutputStream target) throws IOException {
        Counting counted = new Counting(target);
        ZipOutputStream zip = new ZipOutputStream(counted);
        entry(zip, counted, "archive/data.pkl", StateDictPickle.of(wrapper, sd.tensors()), false);
        int key = 0;
        for (FloatTensor t : sd.tensors().values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            entry(zip, counted, "archive/data/" + key++, b.array(), true);
        }
        entry(zip, counted, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), false);
        entry(zip, counted, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII), false);
        zip.finish(); // leaves target open: the caller owns it
        zip.flush();
    }

    private static void entry(ZipOutputStream zip, Counting counted, String name, byte[] data, boolean aligned) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(FIXED_TIME);
        if (aligned) {
            zip.flush();
            long dataStart = counted.count + LOCAL_HEADER + name.getBytes(StandardCharsets.UTF_8).length + 4;
            int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
            byte[] extra = new byte[4 + pad]; // id "FB", data size, zeros
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) pad;
            extra[3] = (byte) (pad >>> 8);
            e.setExtra(extra);
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes that reach the target (ZipOutputStream writes through, unbuffered). */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) { super(out); }

        @Override public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
