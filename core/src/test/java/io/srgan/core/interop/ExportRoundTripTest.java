package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.arch.Generators;
import io.srgan.core.nn.Init;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Export is the inverse of import: a PyTorch fixture imported, built and exported gives back the
 * file's own tensors (names, shapes, values), and the exported .pth and .safetensors import again to
 * the same generator computing the same output.
 */
class ExportRoundTripTest {
    @TempDir Path dir;

    static Stream<String> fixtures() {
        return Stream.of("rrdb_x2_unshuffle.pth", "rrdb_x1_unshuffle.safetensors", "rrdb_x4_basicsr.pth", "rrdb_x8_half_module.pth", "msrresnet_x4_module.pth",
                "msrresnet_x2_legacy.pth", "msrresnet_x3_bf16.safetensors", "srvgg_x4_params.pth", "srvgg_x2.safetensors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exportGivesBackThePyTorchTensors(String fixture) throws Exception {
        StateDict original = WeightFiles.read(InteropFixtures.file(fixture));
        Generator g = ArchDetector.detect(original).build();
        StateDict exported = StateDictExport.of(g, fixture);
        assertEquals(original.tensors().keySet(), exported.tensors().keySet());
        original.tensors().forEach((name, t) -> {
            assertArrayEquals(t.shape(), exported.tensors().get(name).shape(), name);
            assertArrayEquals(t.data(), exported.tensors().get(name).data(), name);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exportedFilesImportToTheSameGenerator(String fixture) throws Exception {
        ImportedGenerator imported = ArchDetector.importFile(InteropFixtures.file(fixture));
        Generator g = imported.build();
        StateDict sd = StateDictExport.of(g, fixture);
        Path pth = dir.resolve("m.pth");
        Path st = dir.resolve("m.safetensors");
        try (OutputStream out = Files.newOutputStream(pth)) {
            TorchZipWriter.write(sd, "params_ema", out);
        }
        try (OutputStream out = Files.newOutputStream(st)) {
            SafetensorsWriter.write(sd, out);
        }
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 6, 8, 3);
        INDArray want = g.upscale(lr);
        for (Path file : new Path[] {pth, st}) {
            ImportedGenerator back = ArchDetector.importFile(file);
            assertEquals(imported.config(), back.config(), file.toString());
            assertEquals(imported.tensors().keySet(), back.tensors().keySet());
            imported.tensors().forEach((name, t) -> assertArrayEquals(t.data(), back.tensors().get(name).data(), name));
            assertEquals(want, back.build().upscale(lr), file + ": same output");
        }
        assertEquals(WeightFiles.Format.TORCH_ZIP, WeightFiles.format(pth));
        assertEquals(WeightFiles.Format.SAFETENSORS, WeightFiles.format(st));
    }

    @Test
    void storagesAre64ByteAlignedForMmap() throws Exception {
        Generator g = ArchDetector.importFile(InteropFixtures.file("msrresnet_x4_module.pth")).build();
        Path pth = dir.resolve("a.pth");
        try (OutputStream out = Files.newOutputStream(pth)) {
            TorchZipWriter.write(StateDictExport.of(g, "a"), "params", out);
        }
        try (var zip = new java.util.zip.ZipFile(pth.toFile())) {
            byte[] bytes = Files.readAllBytes(pth);
            long checked = zip.stream().filter(e -> e.getName().startsWith("archive/data/")).peek(e -> {
                int nameLen = e.getName().length();
                long headerAt = findLocalHeader(bytes, e.getName());
                int extraLen = (bytes[(int) headerAt + 28] & 0xff) | (bytes[(int) headerAt + 29] & 0xff) << 8;
                assertEquals(0, (headerAt + 30 + nameLen + extraLen) % 64, e.getName());
            }).count();
            assertEquals(g.params().size(), checked);
        }
    }

    @Test
    void srresnetIsRefused() {
        Generator g = Generators.build(GeneratorConfig.srresnet(1, 4, 2), new Init(0, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDictExport.of(g, "run/ckpt-1"));
        assertTrue(e.getMessage().contains("run/ckpt-1: srresnet has no community PyTorch format"), e.getMessage());
    }

    @Test
    void transposedMsrResNetIsRefused() {
        Generator g = Generators.build(new GeneratorConfig("msrresnet", 1, 4, 2, "transposed"), new Init(0, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDictExport.of(g, "m"));
        assertTrue(e.getMessage().contains("has no BasicSR equivalent"), e.getMessage());
    }

    private static long findLocalHeader(byte[] bytes, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + 30 + n.length <= bytes.length; i++) {
            if (bytes[i] != 'P' || bytes[i + 1] != 'K' || bytes[i + 2] != 3 || bytes[i + 3] != 4) continue;
            for (int k = 0; k < n.length; k++) if (bytes[i + 30 + k] != n[k]) continue outer;
            return i;
        }
        throw new AssertionError("no local header for " + name);
    }

}
