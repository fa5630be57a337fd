package io.srgan.core.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The PyTorch-made fixtures (src/test/resources/interop, see make_fixtures.py) and writers of hostile variants. */
final class InteropFixtures {
    private InteropFixtures() {}

    static Path file(String name) {
        try {
            return Path.of(InteropFixtures.class.getResource("/interop/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    /** A minimal safetensors file (F32), as the format describes it. */
    static void writeSafetensors(Path path, Map<String, FloatTensor> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) shape.add(d);
            ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().data().length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : e.getValue().data()) b.putFloat(f);
            t.putArray("data_offsets").add(data.size()).add(data.size() + b.capacity());
            data.write(b.array());
        }
        byte[] h = json.writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            out.write(h);
            data.writeTo(out);
        }
    }

    /** A torch-zip-shaped archive: {@code archive/data.pkl} holding {@code pickle}, plus {@code entries}. */
    static void writeTorchZip(Path path, byte[] pickle, Map<String, byte[]> entries) throws IOException {
        writeTorchZip(path, pickle, entries, ZipEntry.STORED);
    }

    /** A torch-style archive; torch.save stores its entries uncompressed ({@code method} STORED), a hostile file may not. */
    static void writeTorchZip(Path path, byte[] pickle, Map<String, byte[]> entries, int method) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            putEntry(zip, "archive/data.pkl", pickle, method);
            putEntry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), method);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) putEntry(zip, "archive/" + e.getKey(), e.getValue(), method);
        }
    }

    static void putEntry(ZipOutputStream zip, String name, byte[] bytes, int method) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(method);
        if (method == ZipEntry.STORED) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Pickle bytes, written opcode by opcode. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() { out.write(0x80); out.write(2); } // PROTO 2

        Pickle op(int code) { out.write(code); return this; }

        Pickle global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        Pickle int32(int v) {
            out.write('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        /** LONG1 of a non-negative value below 2^63. */
        Pickle long1(long v) {
            out.write(0x8a);
            out.write(8);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Pickle raw(byte[] b) { out.writeBytes(b); return this; }

        byte[] stop() { out.write('.'); return out.toByteArray(); }
    }

    /**
     * A pickle whose loading by Python's pickle would run {@code os.system(command)}:
     * GLOBAL 'os system', MARK, the command, TUPLE, REDUCE.
     */
    static byte[] osSystemPickle(String command) {
        return new Pickle().global("os", "system").op('(').str(command).op('t').op('R').stop();
    }

    /** The three pickles that open a legacy torch.save file: magic number, protocol 1001, sys_info. */
    static byte[] legacyPreamble() {
        byte[] magic = new byte[] {0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19}; // 0x1950a86a20f9469cfc6c, LE
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new Pickle().op(0x8a).op(magic.length).raw(magic).stop());
        out.writeBytes(new Pickle().op('M').op(0xe9).op(0x03).stop());
        out.writeBytes(new Pickle().op('}').str("little_endian").op(0x88).op('s').stop());
        return out.toByteArray();
    }
}
