package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * PyTorch reads what export writes, without PyTorch in CI: the committed exported_* files are what
 * the writers produce today (byte for byte), and out_exported_*.npy is what PyTorch computed after
 * {@code torch.load(weights_only=True)} and a strict {@code load_state_dict} of them into the reference
 * nets (check_exports.py). Java's output from the same weights must match it within 1e-4.
 *
 * <p>After a deliberate change of the written bytes: run with the environment variable {@code INTEROP_WRITE_EXPORTS=<dir>}
 * to write the files there, copy them into src/test/resources/interop, run check_exports.py, commit.
 */
class TorchExportCompatibilityTest {
    static Stream<Arguments> exports() {
        return Stream.of(
                Arguments.of("rrdb_x2_unshuffle.pth", "exported_rrdb_x2.pth", "params_ema"),
                Arguments.of("msrresnet_x3_bf16.safetensors", "exported_msrresnet_x3.pth", "params"),
                Arguments.of("msrresnet_x4_module.pth", "exported_msrresnet_x4.safetensors", null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("exports")
    void pyTorchComputesWhatJavaComputes(String from, String exported, String wrapper) throws Exception {
        Generator g = ArchDetector.importFile(InteropFixtures.file(from)).build();
        StateDict sd = StateDictExport.of(g, from);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (wrapper == null) SafetensorsWriter.write(sd, bytes);
        else TorchZipWriter.write(sd, wrapper, bytes);
        String writeTo = System.getenv("INTEROP_WRITE_EXPORTS");
        if (writeTo != null) {
            Files.write(Path.of(writeTo).resolve(exported), bytes.toByteArray());
            return;
        }
        assertArrayEquals(Files.readAllBytes(InteropFixtures.file(exported)), bytes.toByteArray(),
                exported + ": the writer's bytes changed; see this class's comment");

        INDArray input = Nd4j.createFromNpyFile(InteropFixtures.file("input.npy").toFile()).castTo(DataType.FLOAT);
        if (g.config().inputAlignment() == 2) {
            input = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 10), NDArrayIndex.interval(0, 12));
        }
        INDArray lr = input.permute(0, 2, 3, 1).dup('c');
        String out = "out_" + exported.substring(0, exported.lastIndexOf('.')) + ".npy";
        INDArray want = Nd4j.createFromNpyFile(InteropFixtures.file(out).toFile()).castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');
        INDArray got = ArchDetector.importFile(InteropFixtures.file(exported)).build().upscale(lr);
        assertArrayEquals(want.shape(), got.shape());
        double maxDiff;
        try (INDArray d = got.sub(want)) {
            maxDiff = d.amaxNumber().doubleValue();
        }
        assertTrue(maxDiff <= 1e-4, exported + ": max |Java − PyTorch| = " + maxDiff);
        assertTrue(want.stdNumber().doubleValue() > 0.05, "the reference output is not trivial");
        assertEquals(g.config(), ArchDetector.importFile(InteropFixtures.file(exported)).config());
    }
}
