package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.interop.InteropFixtures.Pickle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile and broken weight files are refused with a message naming the file, and nothing in them runs. */
class WeightFileSafetyTest {
    @TempDir Path dir;

    @Test
    void osSystemPayloadIsRefusedAndDoesNotRun() throws Exception {
        Path marker = dir.resolve("pwned");
        String command = "touch " + marker;
        byte[] evil = InteropFixtures.osSystemPickle(command);

        WeightFileException direct = assertThrows(WeightFileException.class,
                () -> new Unpickler(new ByteArrayInputStream(evil), "evil.pkl", new TorchPickle("evil.pkl", false)).load());
        assertTrue(direct.getMessage().contains("evil.pkl") && direct.getMessage().contains("'os system'"), direct.getMessage());

        Path zip = dir.resolve("evil.pth");
        InteropFixtures.writeTorchZip(zip, evil, Map.of());
        assertRefused(zip, "'os system'");

        Path legacy = dir.resolve("evil-legacy.pth");
        Files.write(legacy, concat(InteropFixtures.legacyPreamble(), evil));
        assertRefused(legacy, "'os system'");

        assertFalse(Files.exists(marker), "the payload ran");
        // The payload is live: run by a shell (as os.system would) it does create the marker.
        new ProcessBuilder("sh", "-c", command).start().waitFor();
        assertTrue(Files.exists(marker), "control: the command creates the marker");
    }

    @ParameterizedTest
    @CsvSource({"builtins,eval", "__builtin__,eval", "subprocess,Popen", "torch.storage,_load_from_bytes", "torch,load",
            "numpy.core.multiarray,_reconstruct", "collections,deque", "torch._utils,_rebuild_device_tensor_from_numpy"})
    void everyOtherGlobalIsRefusedByName(String module, String name) throws Exception {
        // STACK_GLOBAL form (protocol 4), followed by a call
        byte[] pickle = new Pickle().str(module).str(name).op(0x93).op('(').str("1+1").op('t').op('R').stop();
        Path zip = dir.resolve("g.pth");
        InteropFixtures.writeTorchZip(zip, pickle, Map.of());
        assertRefused(zip, "'" + module + " " + name + "'");
    }

    @Test
    void objectOpcodesContainerKeysAndFloodsAreRefused() {
        assertUnpicklerRefuses(new Pickle().op(')').op(')').op(0x81).stop(), "unsupported pickle opcode 0x81"); // NEWOBJ
        assertUnpicklerRefuses(new Pickle().op('}').op(']').op(']').op('s').stop(), "a dict key that is a ArrayList");
        byte[] flood = new byte[(int) Unpickler.MAX_VALUES + 3];
        Arrays.fill(flood, (byte) 'N');
        flood[0] = (byte) 0x80;
        flood[1] = 2;
        assertUnpicklerRefuses(flood, "more than " + Unpickler.MAX_VALUES + " values");
    }

    @Test
    void aMemoFloodIsCappedLikeValues() {
        byte[] flood = new byte[(int) Unpickler.MAX_VALUES + 4];
        Arrays.fill(flood, (byte) 0x94); // MEMOIZE: a memo entry each, no stack growth
        flood[0] = (byte) 0x80;
        flood[1] = 4;
        flood[2] = 'N';
        assertUnpicklerRefuses(flood, "more than " + Unpickler.MAX_VALUES + " values");
    }

    @Test
    void aCompressedStorageIsRefused() throws Exception {
        Path zip = dir.resolve("deflated.pth");
        InteropFixtures.writeTorchZip(zip, tensorPickle(4, new int[] {4}, new int[] {1}), Map.of("data/0", new byte[16]),
                ZipEntry.DEFLATED);
        assertRefused(zip, "is compressed");
    }

    @Test
    void manyViewsOfOneSmallStorageAreRefusedBeforeTheyFillTheHeap() throws Exception {
        // zero-stride views of a 4-float storage: each would be a 1M-float array of its own
        Pickle p = new Pickle().op('}').op('(');
        for (int i = 0; i < 64; i++) {
            p.str("w" + i).global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").long1(4).op('t').op('Q');
            p.int32(0).op('(').int32(1 << 20).op('t').op('(').int32(0).op('t').op(0x89)
                    .global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }
        Path zip = dir.resolve("views.pth");
        InteropFixtures.writeTorchZip(zip, p.op('u').stop(), Map.of("data/0", new byte[16]));
        assertRefused(zip, "view their storages many times over");
    }

    @Test
    void overlappingSafetensorsAreRefused() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(h.length).put(h);
        Path st = dir.resolve("overlap.safetensors");
        Files.write(st, file.array());
        assertRefused(st, "tensors overlap");
    }

    @Test
    void storageShorterThanDeclaredIsRefused() throws Exception {
        Path broken = dir.resolve("short-storage.pth");
        rewriteZip(InteropFixtures.file("rrdb_x4_basicsr.pth"), broken, "rrdb_x4_basicsr/data/0", 16);
        assertRefused(broken, "declares 864 bytes");
    }

    @Test
    void hugeDeclaredStorageIsRefusedBeforeAllocating() throws Exception {
        long elements = 1L << 40; // 4 TiB of floats
        Path zip = dir.resolve("huge.pth");
        InteropFixtures.writeTorchZip(zip, tensorPickle(elements, new int[] {1 << 20, 1 << 20}, new int[] {1 << 20, 1}), Map.of("data/0", new byte[16]));
        assertRefused(zip, "over the 2 GiB limit");
    }

    @Test
    void tensorReadingPastItsStorageIsRefused() throws Exception {
        Path zip = dir.resolve("overrun.pth");
        InteropFixtures.writeTorchZip(zip, tensorPickle(4, new int[] {10}, new int[] {1}), Map.of("data/0", new byte[16]));
        assertRefused(zip, "reads element 9 of storage '0', which holds 4");
    }

    @Test
    void stridedViewWithOffsetIsGathered() throws Exception {
        ByteBuffer raw = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) raw.putFloat(i);
        var storage = new TorchPickle.StorageRef("0", StorageDtype.FLOAT32, 10);
        // a [2, 3] view at offset 1 with strides (1, 2): the transpose of a [3, 2] block
        FloatTensor t = new TorchPickle.TensorRef(storage, 1, new long[] {2, 3}, new long[] {1, 2}).materialize(raw, "w", "test");
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, t.data());
    }

    @Test
    void truncatedZipIsRefused() throws Exception {
        Path cut = dir.resolve("cut.pth");
        byte[] all = Files.readAllBytes(InteropFixtures.file("rrdb_x4_basicsr.pth"));
        Files.write(cut, Arrays.copyOf(all, all.length * 6 / 10));
        assertRefused(cut, "truncated");
    }

    @ParameterizedTest
    @CsvSource({"200", "5000", "80000"}) // inside the preamble, inside the main pickle, inside the storages
    void truncatedLegacyFileIsRefused(int length) throws Exception {
        Path cut = dir.resolve("cut-legacy.pth");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(InteropFixtures.file("rrdb_x4_esrgan_legacy.pth")), length));
        assertRefused(cut, "truncated");
    }

    @Test
    void truncatedSafetensorsIsRefused() throws Exception {
        Path cut = dir.resolve("cut.safetensors");
        byte[] all = Files.readAllBytes(InteropFixtures.file("rrdb_x4_oldarch.safetensors"));
        Files.write(cut, Arrays.copyOf(all, all.length - 100));
        assertRefused(cut, "truncated");
    }

    @Test
    void otherFilesAreRefused() throws Exception {
        Path text = dir.resolve("notes.pth");
        Files.writeString(text, "not weights at all");
        assertRefused(text, "neither a PyTorch");
    }

    /** {@code {'w': _rebuild_tensor_v2(storage '0' of `elements` floats, 0, size, stride, False, OrderedDict())}}. */
    private static byte[] tensorPickle(long elements, int[] size, int[] stride) {
        Pickle p = new Pickle().op('}').op('(').str("w").global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").long1(elements).op('t').op('Q');
        p.int32(0).op('(');
        for (int s : size) p.int32(s);
        p.op('t').op('(');
        for (int s : stride) p.int32(s);
        p.op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R').op('u');
        return p.stop();
    }

    private static void assertUnpicklerRefuses(byte[] pickle, String reason) {
        WeightFileException e = assertThrows(WeightFileException.class,
                () -> new Unpickler(new ByteArrayInputStream(pickle), "x.pkl", new TorchPickle("x.pkl", false)).load());
        assertTrue(e.getMessage().startsWith("x.pkl") && e.getMessage().contains(reason), e.getMessage());
    }

    private static void assertRefused(Path file, String reason) {
        IOException e = assertThrows(IOException.class, () -> WeightFiles.read(file));
        assertTrue(e instanceof WeightFileException, "a WeightFileException, got " + e);
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), "says '" + reason + "': " + e.getMessage());
    }

    /** Copies a zip, cutting one entry to {@code keep} bytes. */
    private static void rewriteZip(Path from, Path to, String entry, int keep) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] b;
                try (InputStream s = in.getInputStream(e)) {
                    b = s.readAllBytes();
                }
                if (e.getName().equals(entry)) b = Arrays.copyOf(b, keep);
                InteropFixtures.putEntry(out, e.getName(), b, ZipEntry.STORED);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
