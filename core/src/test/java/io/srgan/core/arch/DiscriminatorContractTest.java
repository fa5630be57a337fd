package io.srgan.core.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.checkpoint.NpzCodec;
import io.srgan.core.nn.Init;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Param;
import io.srgan.core.train.AdamConfig;
import io.srgan.core.train.LossConfig;
import io.srgan.core.train.ScheduleConfig;
import io.srgan.core.train.TrainConfig;
import io.srgan.core.util.SeededArrays;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every registered discriminator arch: builds, gives logits of the documented shape and one feature map
 * per block, saves and loads its parameters and buffers, takes stacked real/fake TRAIN forwards, and
 * has finite gradients. (Finite-difference checks: {@link NetworkGradientTest}.)
 */
class DiscriminatorContractTest {
    static List<DiscriminatorConfig> configs() {
        List<DiscriminatorConfig> all = new ArrayList<>();
        for (String arch : DiscriminatorConfig.ARCHS) all.add(new DiscriminatorConfig(2, "batch", arch));
        all.add(new DiscriminatorConfig(2, "none", "vgg"));
        return all;
    }

    /** The patch side each arch is tested at: its fixed input size, else a small multiple of 8 (vgg's last map 2×2). */
    static int side(DiscriminatorConfig c) { return c.inputSize() > 0 ? c.inputSize() : 32; }

    private static INDArray input(DiscriminatorConfig c, long seed) { return input(c, seed, 2); }

    private static INDArray input(DiscriminatorConfig c, long seed, int n) {
        return SeededArrays.uniform(seed, DataType.DOUBLE, n, side(c), side(c), 3);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void logitsAndFeatureMapsHaveTheDocumentedShapes(DiscriminatorConfig c) {
        Discriminator d = Discriminator.build(c, new Init(1, DataType.DOUBLE));
        assertEquals(c.featureBlocks(), d.featureBlocks());
        Discriminator.Outputs o = d.forwardWithFeatures(input(c, 1), Mode.TRAIN_NO_GRAD);
        long[] expected = c.arch().equals("unet-sn") ? new long[] {2, side(c), side(c), 1} : new long[] {2, 1};
        assertArrayEquals(expected, o.logits().shape());
        assertEquals(d.featureBlocks(), o.features().size());
        for (INDArray f : o.features()) {
            assertEquals(4, f.rank());
            assertEquals(2, f.size(0));
        }
        o.closeAll();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void savedParametersAndBuffersLoadIntoAnotherBuildAndGiveTheSameOutputs(DiscriminatorConfig c) throws Exception {
        Discriminator a = Discriminator.build(c, new Init(1, DataType.DOUBLE));
        INDArray x = input(c, 2);
        a.forward(x, Mode.TRAIN).close(); // moves batch-norm running statistics and power-iteration vectors away from their start
        a.clearCache();
        Map<String, INDArray> values = new LinkedHashMap<>();
        a.params().forEach((n, p) -> values.put(n, p.value()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NpzCodec.write(values, bytes);
        Map<String, INDArray> read = NpzCodec.read(new ByteArrayInputStream(bytes.toByteArray()), "test");

        Discriminator b = Discriminator.build(c, new Init(99, DataType.DOUBLE));
        assertEquals(a.params().keySet(), b.params().keySet());
        assertEquals(a.params().keySet(), read.keySet());
        try (INDArray before = b.forward(x, Mode.INFER); INDArray want = a.forward(x, Mode.INFER)) {
            assertNotEquals(want, before, "another seed starts elsewhere");
        }
        b.params().forEach((n, p) -> p.value().assign(read.get(n)));
        for (Mode m : List.of(Mode.INFER, Mode.TRAIN_NO_GRAD)) {
            try (INDArray want = a.forward(x, m); INDArray got = b.forward(x, m)) {
                assertEquals(want, got, c + " " + m);
            }
        }
    }

    /** The update's backward without dLoss/dInput (FLOAT: the first layer's im2col path skips it) leaves the same gradients. */
    @ParameterizedTest
    @MethodSource("configs")
    void theUpdatesParameterOnlyBackwardGivesTheFullBackwardsGradients(DiscriminatorConfig c) {
        INDArray real = SeededArrays.uniform(21, DataType.FLOAT, 2, side(c), side(c), 3);
        INDArray fake = SeededArrays.uniform(22, DataType.FLOAT, 2, side(c), side(c), 3);
        Discriminator full = Discriminator.build(c, new Init(7, DataType.FLOAT));
        Discriminator paramsOnly = Discriminator.build(c, new Init(7, DataType.FLOAT));
        INDArray[] probes = new INDArray[2];
        for (Discriminator d : List.of(full, paramsOnly)) {
            d.zeroGrad();
            INDArray realLogits = d.forward(real, Mode.TRAIN);
            d.forward(fake, Mode.TRAIN).close();
            if (probes[0] == null) {
                probes[0] = SeededArrays.uniform(23, DataType.FLOAT, realLogits.shape()).subi(0.5);
                probes[1] = SeededArrays.uniform(24, DataType.FLOAT, realLogits.shape()).subi(0.5);
            }
            realLogits.close();
        }
        full.backward(probes[1]).close(); // fake, then real: last in, first out
        full.backward(probes[0]).close();
        paramsOnly.backwardParamsOnly(probes[1]);
        paramsOnly.backwardParamsOnly(probes[0]);
        for (Param p : full.trainable()) assertClose(p.grad(), paramsOnly.params().get(p.name()).grad(), c + " " + p.name());
        // nothing left cached: a full forward and backward after it still gives the input gradient
        paramsOnly.forward(real, Mode.TRAIN).close();
        try (INDArray dx = paramsOnly.backward(probes[0])) {
            assertArrayEquals(real.shape(), dx.shape());
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void stackedRealAndFakeForwardsGiveTheGradientsOfSeparateOnes(DiscriminatorConfig c) {
        INDArray[] batches = {input(c, 3), input(c, 4)}; // real, fake
        // separately: each batch through a fresh copy (one power iteration each for unet-sn, as the stacked pair shares one)
        INDArray[] separate = new INDArray[2];
        INDArray[] probes = new INDArray[2];
        List<Discriminator> copies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Discriminator a = Discriminator.build(c, new Init(5, DataType.DOUBLE));
            a.zeroGrad();
            INDArray logits = a.forward(batches[i], Mode.TRAIN);
            probes[i] = SeededArrays.uniform(10 + i, DataType.DOUBLE, logits.shape()).subi(0.5);
            separate[i] = a.backward(probes[i]);
            copies.add(a);
        }
        // stacked, as the discriminator step: real, fake, then the backwards last in, first out
        Discriminator b = Discriminator.build(c, new Init(5, DataType.DOUBLE));
        b.zeroGrad();
        b.forward(batches[0], Mode.TRAIN).close();
        b.forward(batches[1], Mode.TRAIN).close();
        INDArray dFake = b.backward(probes[1]);
        INDArray dReal = b.backward(probes[0]);
        assertClose(separate[0], dReal, c + " dReal");
        assertClose(separate[1], dFake, c + " dFake");
        boolean anyNonZero = false;
        for (Param p : b.trainable()) {
            INDArray g = p.grad();
            assertTrue(Double.isFinite(g.norm2Number().doubleValue()), p.name() + " gradient is not finite");
            try (INDArray sum = copies.get(0).params().get(p.name()).grad().add(copies.get(1).params().get(p.name()).grad())) {
                assertClose(sum, g, c + " " + p.name());
            }
            anyNonZero |= g.norm2Number().doubleValue() > 0;
        }
        assertTrue(anyNonZero);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyFeatureMapPassesItsGradientToTheInput(DiscriminatorConfig c) {
        Discriminator d = Discriminator.build(c, new Init(6, DataType.DOUBLE));
        INDArray x = input(c, 7, 1);
        for (int i = 0; i < d.featureBlocks(); i++) {
            Discriminator.Outputs o = d.forwardWithFeatures(x, Mode.TRAIN_INPUT_GRAD);
            List<INDArray> featureGrads = new ArrayList<>();
            // random, not a constant: batch norm passes no gradient of a plain sum
            for (int j = 0; j < d.featureBlocks(); j++) {
                featureGrads.add(j == i ? SeededArrays.uniform(20 + i, DataType.DOUBLE, o.features().get(j).shape()).subi(0.5) : null);
            }
            try (INDArray zero = Nd4j.zerosLike(o.logits()); INDArray dx = d.backward(zero, featureGrads)) {
                assertTrue(dx.norm2Number().doubleValue() > 0, c + ": feature " + i + " does not reach the input");
            }
            o.logits().close();
        }
    }

    @Test
    void fixedSizeDiscriminatorsRefuseOtherPatchesNamingTheSetting() {
        for (int size : List.of(128, 256)) {
            Discriminator d = Discriminator.build(DiscriminatorConfig.vggStyle(2, size), new Init(1, DataType.FLOAT));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.forward(Nd4j.rand(DataType.FLOAT, 1, 96, 96, 3), Mode.TRAIN_NO_GRAD));
            assertTrue(e.getMessage().contains(size + "x" + size) && e.getMessage().contains("train.lr-patch"), e.getMessage());
        }
    }

    @Test
    void vgg128HasBasicSrsParameterNamesShapesAndCount() {
        // BasicSR's VGGStyleDiscriminator(3, 64): 14,499,401 parameters (input_size 256: 21,055,049)
        Discriminator d = Discriminator.build(DiscriminatorConfig.vggStyle(64, 128), new Init(1, DataType.FLOAT));
        assertEquals(14_499_401L, d.parameterCount());
        assertEquals(21_055_049L, Discriminator.build(DiscriminatorConfig.vggStyle(64, 256), new Init(1, DataType.FLOAT)).parameterCount());
        List<String> names = new ArrayList<>(List.of("conv0_0.weight", "conv0_0.bias", "conv0_1.weight", "bn0_1.gamma", "bn0_1.beta",
                "bn0_1.running_mean", "bn0_1.running_var"));
        for (int s = 1; s <= 4; s++) {
            for (int k = 0; k <= 1; k++) {
                String id = s + "_" + k;
                names.addAll(List.of("conv" + id + ".weight", "bn" + id + ".gamma", "bn" + id + ".beta", "bn" + id + ".running_mean",
                        "bn" + id + ".running_var"));
            }
        }
        names.addAll(List.of("linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"));
        assertEquals(names, new ArrayList<>(d.params().keySet()), "BasicSR's names in its order; bias-free convs have no bias");
        assertArrayEquals(new long[] {4, 4, 64, 64}, d.params().get("conv0_1.weight").value().shape());
        assertArrayEquals(new long[] {3, 3, 256, 512}, d.params().get("conv3_0.weight").value().shape());
        assertArrayEquals(new long[] {4, 4, 512, 512}, d.params().get("conv4_1.weight").value().shape());
        assertArrayEquals(new long[] {512 * 4 * 4, 100}, d.params().get("linear1.weight").value().shape());
        assertArrayEquals(new long[] {100, 1}, d.params().get("linear2.weight").value().shape());
        assertTrue(d.params().values().stream().filter(p -> !p.isTrainable()).allMatch(p -> p.name().contains("running_")),
                "the only buffers are batch-norm statistics");
    }

    @Test
    void configRefusesWhatTheArchCannotTake() {
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class, () -> new DiscriminatorConfig(64, "none", "vgg128"));
        assertTrue(norm.getMessage().contains("discriminator.norm = batch"), norm.getMessage());
        IllegalArgumentException arch = assertThrows(IllegalArgumentException.class, () -> new DiscriminatorConfig(64, "batch", "vgg192"));
        assertTrue(arch.getMessage().contains("vgg128"), arch.getMessage());

        DiscriminatorConfig.vggStyle(64, 128).checkPatch(32, 4);
        DiscriminatorConfig.vggStyle(64, 256).checkPatch(128, 2);
        new DiscriminatorConfig(64, "batch").checkPatch(24, 4); // vgg: any size
        IllegalArgumentException patch = assertThrows(IllegalArgumentException.class, () -> DiscriminatorConfig.vggStyle(64, 128).checkPatch(24, 4));
        assertTrue(patch.getMessage().contains("128x128") && patch.getMessage().contains("train.lr-patch = 32")
                && patch.getMessage().contains("24 × 4 = 96"), patch.getMessage());
        IllegalArgumentException x3 = assertThrows(IllegalArgumentException.class, () -> DiscriminatorConfig.vggStyle(64, 128).checkPatch(40, 3));
        assertTrue(x3.getMessage().contains("no train.lr-patch gives 128 at scale 3"), x3.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> DiscriminatorConfig.vggStyle(64, 128).checkPatch(64, 4));
        assertTrue(other.getMessage().contains("discriminator.arch = vgg256"), other.getMessage());

        // feature matching reaches every block of the arch, and no further
        LossConfig fm9 = new LossConfig("l1", 1, "vanilla", 1e-3, 1, new int[] {9});
        train(DiscriminatorConfig.vggStyle(4, 128), fm9);
        IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class, () -> train(new DiscriminatorConfig(4, "batch"), fm9));
        assertTrue(blocks.getMessage().contains("0..7") && blocks.getMessage().contains("loss.feature-blocks"), blocks.getMessage());
        assertThrows(IllegalArgumentException.class, () -> train(DiscriminatorConfig.vggStyle(4, 128),
                new LossConfig("l1", 1, "vanilla", 1e-3, 1, new int[] {10})));
    }

    private static TrainConfig train(DiscriminatorConfig d, LossConfig loss) {
        return new TrainConfig(GeneratorConfig.msrresnet(1, 4, 4), d, loss, AdamConfig.of(1e-4, 0.9, 0.99), AdamConfig.of(1e-4, 0.9, 0.99),
                ScheduleConfig.constant(), 0, 0, 1);
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        try (INDArray diff = want.sub(got)) {
            double scale = want.amaxNumber().doubleValue() + 1e-12;
            assertTrue(diff.amaxNumber().doubleValue() <= 1e-12 * Math.max(1, scale) + 1e-14, what + ": differs by " + diff.amaxNumber());
        }
    }
}
