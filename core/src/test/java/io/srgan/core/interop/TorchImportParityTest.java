package io.srgan.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Generator;
import io.srgan.core.arch.GeneratorConfig;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every fixture PyTorch wrote (make_fixtures.py) imports as the right generator and computes what
 * PyTorch computed on the same input, within 1e-4.
 */
class TorchImportParityTest {
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("rrdb_x4_basicsr.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.rrdb(2, 8, 4, 4), "out_rrdb_x4.npy"),
                Arguments.of("rrdb_x4_esrgan_legacy.pth", WeightFiles.Format.TORCH_LEGACY, GeneratorConfig.rrdb(2, 8, 4, 4), "out_rrdb_x4.npy"),
                Arguments.of("rrdb_x4_oldarch.safetensors", WeightFiles.Format.SAFETENSORS, GeneratorConfig.rrdb(2, 8, 4, 4), "out_rrdb_x4.npy"),
                Arguments.of("rrdb_x2_unshuffle.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.rrdb(1, 8, 4, 2), "out_rrdb_x2.npy"),
                Arguments.of("rrdb_x1_unshuffle.safetensors", WeightFiles.Format.SAFETENSORS, GeneratorConfig.rrdb(1, 8, 4, 1), "out_rrdb_x1.npy"),
                Arguments.of("rrdb_x8_half_module.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.rrdb(1, 8, 4, 8), "out_rrdb_x8.npy"),
                Arguments.of("msrresnet_x4_module.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.msrresnet(2, 8, 4), "out_msrresnet_x4.npy"),
                Arguments.of("msrresnet_x2_legacy.pth", WeightFiles.Format.TORCH_LEGACY, GeneratorConfig.msrresnet(1, 8, 2), "out_msrresnet_x2.npy"),
                Arguments.of("msrresnet_x2_proto5.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.msrresnet(1, 8, 2), "out_msrresnet_x2.npy"),
                Arguments.of("msrresnet_x2_f16.safetensors", WeightFiles.Format.SAFETENSORS, GeneratorConfig.msrresnet(1, 8, 2), "out_msrresnet_x2_f16.npy"),
                Arguments.of("msrresnet_x3_bf16.safetensors", WeightFiles.Format.SAFETENSORS, GeneratorConfig.msrresnet(1, 8, 3), "out_msrresnet_x3_bf16.npy"),
                Arguments.of("srvgg_x4_params.pth", WeightFiles.Format.TORCH_ZIP, GeneratorConfig.srvgg(3, 8, 4), "out_srvgg_x4.npy"),
                Arguments.of("srvgg_x2.safetensors", WeightFiles.Format.SAFETENSORS, GeneratorConfig.srvgg(3, 8, 2), "out_srvgg_x2.npy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(String file, WeightFiles.Format format, GeneratorConfig expected, String output) throws Exception {
        assertEquals(format, WeightFiles.format(InteropFixtures.file(file)));
        ImportedGenerator imported = ArchDetector.importFile(InteropFixtures.file(file));
        assertEquals(expected, imported.config(), imported.description());

        INDArray input = Nd4j.createFromNpyFile(InteropFixtures.file("input.npy").toFile()).castTo(DataType.FLOAT);
        if (expected.scale() == 8) { // the x8 reference is for the top-left 5x6 corner (make_fixtures.py)
            input = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.interval(0, 6));
        }
        if (expected.scale() == 2 && expected.arch().equals("rrdb")) { // pixel-unshuffled x2: the reference is for the top-left 10x12
            input = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 10), NDArrayIndex.interval(0, 12));
        }
        if (expected.scale() == 1) { // pixel-unshuffled by 4: the reference is for the top-left 8x12
            input = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 8), NDArrayIndex.interval(0, 12));
        }
        INDArray lr = input.permute(0, 2, 3, 1).dup('c'); // NCHW → NHWC
        INDArray want = Nd4j.createFromNpyFile(InteropFixtures.file(output).toFile()).castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');

        Generator g = imported.build();
        INDArray got = g.upscale(lr);
        assertArrayEquals(want.shape(), got.shape());
        double maxDiff = Transforms.maxAbsDiff(got, want);
        assertTrue(maxDiff <= 1e-4, file + ": max |Java − PyTorch| = " + maxDiff);
        assertTrue(want.stdNumber().doubleValue() > 0.05, "the reference output is not trivial");
    }

    /** Small helper kept local: max |a − b|. */
    private static final class Transforms {
        static double maxAbsDiff(INDArray a, INDArray b) {
            try (INDArray d = a.sub(b)) {
                return d.amaxNumber().doubleValue();
            }
        }
    }
}
