package io.srgan.core.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.nn.Init;
import io.srgan.core.nn.Mode;
import io.srgan.core.util.SeededArrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Every arch × upsampler × scale builds, maps any LR size to ×s, and trains (finite gradients). */
class GeneratorContractTest {
    /** Every registered arch with every upsampler and scale its config accepts: a new arch is covered by registering it. */
    static List<Arguments> configs() {
        List<Arguments> all = new ArrayList<>();
        for (String arch : Generators.archs()) {
            for (String up : GeneratorConfig.UPSAMPLERS) {
                for (int scale : new java.util.TreeSet<>(GeneratorConfig.SCALES)) {
                    try {
                        all.add(Arguments.of(new GeneratorConfig(arch, arch.equals("rrdb") ? 1 : 2, 8, scale, up, 4)));
                    } catch (IllegalArgumentException notBuilt) {
                        // a combination the arch refuses (its own test checks the refusal)
                    }
                }
            }
        }
        return all;
    }

    @Test
    void everyArchHasConfigurationsUnderContract() {
        for (String arch : Generators.archs()) {
            assertTrue(configs().stream().anyMatch(a -> ((GeneratorConfig) a.get()[0]).arch().equals(arch)), arch);
        }
        assertTrue(Generators.archs().containsAll(List.of("msrresnet", "srresnet", "rrdb", "srvgg")), Generators.archs().toString());
    }

    @ParameterizedTest
    @MethodSource("configs")
    void mapsAnySizeAndHasFiniteGradients(GeneratorConfig config) {
        Generator g = Generators.build(config, new Init(1, DataType.FLOAT));
        int a = config.inputAlignment(); // training patches of an unshuffling RRDB are multiples of its group
        int h = 7 + (a - 7 % a) % a, w = 5 + (a - 5 % a) % a;
        INDArray lr = Nd4j.rand(DataType.FLOAT, 2, h, w, 3);
        INDArray sr = g.forward(lr, Mode.TRAIN);
        assertArrayEquals(new long[] {2, (long) h * config.scale(), (long) w * config.scale(), 3}, sr.shape());
        g.zeroGrad();
        g.backwardFrom(Nd4j.onesLike(sr));
        g.trainable().forEach(p -> {
            double n = p.grad().norm2Number().doubleValue();
            assertTrue(Double.isFinite(n), p.name() + " gradient is not finite");
        });
        assertTrue(g.trainable().stream().anyMatch(p -> p.grad().norm2Number().doubleValue() > 0));
        if (a > 1) { // inference takes any size (reflect-padded); training refuses it, naming the setting
            try (INDArray odd = g.upscale(Nd4j.rand(DataType.FLOAT, 1, 7, 5, 3))) {
                assertArrayEquals(new long[] {1, 7L * config.scale(), 5L * config.scale(), 3}, odd.shape());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.forward(Nd4j.rand(DataType.FLOAT, 1, 7, 5, 3), Mode.TRAIN));
            assertTrue(e.getMessage().contains("train.lr-patch"), e.getMessage());
        }
    }

    /** backwardFrom (no gradient for the LR input: the first convolution skips it) leaves backward's parameter gradients. */
    @ParameterizedTest
    @MethodSource("configs")
    void backwardFromGivesTheParameterGradientsOfBackward(GeneratorConfig config) {
        int a = config.inputAlignment();
        INDArray lr = SeededArrays.uniform(4, DataType.FLOAT, 2, 2 * a, 3 * a, 3);
        Generator full = Generators.build(config, new Init(2, DataType.FLOAT));
        Generator paramsOnly = Generators.build(config, new Init(2, DataType.FLOAT));
        INDArray probe = null;
        for (Generator g : List.of(full, paramsOnly)) {
            g.zeroGrad();
            try (INDArray sr = g.forward(lr, Mode.TRAIN)) {
                if (probe == null) probe = SeededArrays.uniform(5, DataType.FLOAT, sr.shape()).subi(0.5);
            }
        }
        full.backward(probe).close();
        paramsOnly.backwardFrom(probe);
        for (var p : full.trainable()) {
            INDArray want = p.grad(), got = paramsOnly.params().get(p.name()).grad();
            try (INDArray diff = want.sub(got)) {
                assertTrue(diff.amaxNumber().doubleValue() <= 1e-6 * Math.max(1, want.amaxNumber().doubleValue()), config + " " + p.name());
            }
        }
    }

    @Test
    void initialisationIsPyTorchsDefault() {
        // nn.Conv2d's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases, so std = bound/sqrt(3)
        Generator g = Generators.build(GeneratorConfig.msrresnet(2, 32, 4), new Init(3, DataType.FLOAT));
        INDArray w = g.params().get("body.0.conv1.weight").value();
        double bound = 1 / Math.sqrt(3 * 3 * 32);
        assertTrue(w.amaxNumber().doubleValue() <= bound, "weights within the bound");
        assertEquals(bound / Math.sqrt(3), w.stdNumber().doubleValue(), 0.03 * bound);
        INDArray b = g.params().get("body.0.conv1.bias").value();
        assertTrue(b.amaxNumber().doubleValue() <= bound && b.amaxNumber().doubleValue() > 0, "biases uniform too");
    }

    @Test
    void outputPixelsDependOnlyOnInputsWithinTheReceptiveField() {
        for (GeneratorConfig c : List.of(GeneratorConfig.msrresnet(2, 8, 4), GeneratorConfig.srresnet(2, 8, 4),
                new GeneratorConfig("msrresnet", 2, 8, 4, "transposed"), new GeneratorConfig("msrresnet", 2, 8, 3, "nearest"),
                GeneratorConfig.rrdb(1, 8, 4, 4), GeneratorConfig.rrdb(1, 8, 4, 2), GeneratorConfig.rrdb(1, 8, 4, 1), GeneratorConfig.srvgg(3, 8, 4),
                GeneratorConfig.srvgg(2, 8, 3))) {
            Generator g = Generators.build(c, new Init(5, DataType.FLOAT));
            int r = g.receptiveFieldRadius();
            int size = 2 * r + 8;
            INDArray lr = Nd4j.rand(DataType.FLOAT, 1, size, size, 3);
            INDArray changed = lr.dup();
            changed.get(NDArrayIndex.point(0), NDArrayIndex.point(size - 1), NDArrayIndex.all(), NDArrayIndex.all()).addi(1.0);
            INDArray a = g.upscale(lr);
            INDArray b = g.upscale(changed);
            int s = c.scale();
            // rows of the output further than r LR pixels from the changed row must not move
            int safeRows = (size - 1 - r) * s;
            INDArray ta = a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, safeRows), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray tb = b.get(NDArrayIndex.all(), NDArrayIndex.interval(0, safeRows), NDArrayIndex.all(), NDArrayIndex.all());
            assertEquals(0.0, ta.sub(tb).amaxNumber().doubleValue(), 1e-6, c + " radius " + r);
            assertTrue(a.sub(b).amaxNumber().doubleValue() > 0, c + ": the change must show somewhere");
        }
    }

    @Test
    void srvggRadiusIsExactlyItsConvCountPlusTwo() {
        // B + 2 LR convs, a shuffle and a nearest skip that reach no further: a change r rows away must show
        GeneratorConfig c = GeneratorConfig.srvgg(3, 8, 4);
        Generator g = Generators.build(c, new Init(5, DataType.FLOAT));
        int r = g.receptiveFieldRadius();
        assertEquals(5, r);
        int size = 2 * r + 8;
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, size, size, 3);
        INDArray changed = lr.dup();
        changed.get(NDArrayIndex.point(0), NDArrayIndex.point(size - 1), NDArrayIndex.all(), NDArrayIndex.all()).addi(1.0);
        int s = c.scale();
        INDArray nearest = g.upscale(changed).sub(g.upscale(lr))
                .get(NDArrayIndex.all(), NDArrayIndex.interval((size - 1 - r) * s, (size - r) * s), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(nearest.amaxNumber().doubleValue() > 1e-6, "output rows r LR pixels from the change move: the radius is not an overestimate");
    }

    @Test
    void srvggHasRealEsrgansParameterNamesAndCount() {
        // Real-ESRGAN's realesr-animevideov3: SRVGGNetCompact(num_feat=64, num_conv=16, upscale=4), 621,424 parameters
        Generator g = Generators.build(GeneratorConfig.srvgg(16, 64, 4), new Init(1, DataType.FLOAT));
        assertEquals(621_424L, g.parameterCount());
        for (String name : List.of("body.0.weight", "body.0.bias", "body.1.weight", "body.2.weight", "body.33.weight", "body.34.bias")) {
            assertTrue(g.params().containsKey(name), name);
        }
        assertArrayEquals(new long[] {3, 3, 64, 48}, g.params().get("body.34.weight").value().shape());
        INDArray slopes = g.params().get("body.33.weight").value();
        assertArrayEquals(new long[] {64}, slopes.shape());
        assertEquals(0.25, slopes.minNumber().doubleValue(), 1e-7, "PReLU starts at PyTorch's 0.25");
        assertEquals(0.25, slopes.maxNumber().doubleValue(), 1e-7);
    }

    @Test
    void srvggAddsTheNearestUpsampledInput() {
        // with the last conv zeroed the output is exactly the input, each pixel repeated s×s
        Generator g = Generators.build(GeneratorConfig.srvgg(1, 4, 3), new Init(2, DataType.FLOAT));
        g.params().get("body.4.weight").value().assign(0);
        g.params().get("body.4.bias").value().assign(0);
        INDArray lr = Nd4j.rand(DataType.FLOAT, 1, 4, 5, 3);
        INDArray sr = g.upscale(lr);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 15; x++) {
                for (int c = 0; c < 3; c++) assertEquals(lr.getFloat(0, y / 3, x / 3, c), sr.getFloat(0, y, x, c), 0.0, y + "," + x);
            }
        }
    }

    @Test
    void rejectsUnsupportedSettingsWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("msrresnet", 2, 8, 5, "subpixel"));
        assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("msrresnet", 2, 8, 3, "transposed"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generators.build(new GeneratorConfig("edsr", 2, 8, 4, "subpixel"), new Init(1, DataType.FLOAT)));
        assertTrue(e.getMessage().contains("known: msrresnet, srresnet, rrdb, srvgg"), e.getMessage());
        IllegalArgumentException vggUp = assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("srvgg", 2, 8, 4, "nearest"));
        assertTrue(vggUp.getMessage().contains("generator.upsampler = subpixel"), vggUp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.srvgg(2, 8, 8));
        IllegalArgumentException up = assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("rrdb", 2, 8, 4, "subpixel"));
        assertTrue(up.getMessage().contains("generator.upsampler = nearest"), up.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.rrdb(2, 8, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.rrdb(2, 8, 32, 3));
        assertEquals(2, GeneratorConfig.rrdb(2, 8, 32, 2).inputAlignment());
        assertEquals(4, GeneratorConfig.rrdb(2, 8, 32, 1).inputAlignment());
        IllegalArgumentException x1 = assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.msrresnet(2, 8, 1));
        assertTrue(x1.getMessage().contains("scale 1 (restoration without upscaling) is built by generator.arch rrdb only"), x1.getMessage());
        // Real-ESRGAN's x1: conv_first reads the 48 channels of the input unshuffled by 4
        assertArrayEquals(new long[] {3, 3, 48, 8},
                Generators.build(GeneratorConfig.rrdb(1, 8, 4, 1), new Init(1, DataType.FLOAT)).params().get("conv_first.weight").value().shape());
        // Real-ESRGAN's RealESRGAN_x2plus: conv_first reads the 12 channels of the unshuffled input
        assertArrayEquals(new long[] {3, 3, 12, 8},
                Generators.build(GeneratorConfig.rrdb(1, 8, 4, 2), new Init(1, DataType.FLOAT)).params().get("conv_first.weight").value().shape());
    }

    @Test
    void rrdbHasEsrgansParameterNamesAndCount() {
        // BasicSR's RRDBNet(num_feat=64, num_block=23, num_grow_ch=32): 16,697,987 parameters
        Generator g = Generators.build(GeneratorConfig.rrdb(23, 64, 32, 4), new Init(1, DataType.FLOAT));
        assertEquals(16_697_987L, g.parameterCount());
        for (String name : List.of("conv_first.weight", "body.0.rdb1.conv1.weight", "body.22.rdb3.conv5.bias", "conv_body.weight",
                "conv_up1.weight", "conv_up2.bias", "conv_hr.weight", "conv_last.bias")) {
            assertTrue(g.params().containsKey(name), name);
        }
        assertArrayEquals(new long[] {3, 3, 64 + 4 * 32, 64}, g.params().get("body.3.rdb2.conv5.weight").value().shape());
    }

    @Test
    void msrresnetIgnoresGrowthSoEqualNetworksCompareEqual() {
        assertEquals(new GeneratorConfig("msrresnet", 2, 8, 4, "subpixel", 0), new GeneratorConfig("msrresnet", 2, 8, 4, "subpixel", 32));
    }
}
