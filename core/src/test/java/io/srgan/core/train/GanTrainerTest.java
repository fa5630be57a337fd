package io.srgan.core.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.features.KerasFeatureImport;
import io.srgan.core.features.KerasTestModels;
import io.srgan.core.features.Preprocessing;
import io.srgan.core.loss.LossResult;
import io.srgan.core.loss.PerceptualLoss;
import io.srgan.core.loss.PixelLoss;
import io.srgan.core.nn.Mode;
import io.srgan.core.util.SeededArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GanTrainerTest {
    static TrainConfig config(String arch, String adversarial, double fmWeight, long psnrSteps, double ema) {
        return new TrainConfig(new GeneratorConfig(arch, 2, 8, 2, "subpixel"), new DiscriminatorConfig(4, "batch"),
                new LossConfig("l1", 1.0, adversarial, 1e-2, fmWeight, fmWeight > 0 ? new int[] {1, 5} : null),
                AdamConfig.of(1e-3, 0.9, 0.99), AdamConfig.of(2e-3, 0.9, 0.99), ScheduleConfig.cosine(100, 0.01),
                psnrSteps, ema, 11);
    }

    static INDArray[] batch(long seed) {
        INDArray hr = SeededArrays.uniform(seed, DataType.FLOAT, 3, 16, 16, 3);
        INDArray lr = io.srgan.core.nn.NativeOps.resizeBilinear(hr, 8, 8);
        return new INDArray[] {lr, hr};
    }

    @Test
    void exportImportThenStepEqualsUninterruptedSteps() {
        for (String adv : AdversarialLoss().names()) {
            TrainConfig c = config("srresnet", adv, 0.5, 2, 0.9);
            GanTrainer a = new GanTrainer(c);
            for (int i = 0; i < 4; i++) a.step(batch(i)[0], batch(i)[1]);
            TrainState mid = TrainState.export(a);
            for (int i = 4; i < 6; i++) a.step(batch(i)[0], batch(i)[1]);

            GanTrainer b = new GanTrainer(c.withSeed(999)); // other initial weights: all must come from the state
            mid.restoreInto(b);
            for (int i = 4; i < 6; i++) b.step(batch(i)[0], batch(i)[1]);

            TrainState sa = TrainState.export(a);
            TrainState sb = TrainState.export(b);
            assertEquals(sa.counters(), sb.counters());
            for (Map.Entry<String, INDArray> e : sa.tensors().entrySet()) {
                assertEquals(e.getValue(), sb.tensors().get(e.getKey()), adv + ": " + e.getKey() + " differs after resume");
            }
        }
    }

    /** Each loss takes the sharpened HR when its flag says so, the HR as it is otherwise. */
    @Test
    void sharpenedTargetsGoToTheLossesTheirFlagsName() {
        TrainConfig base = config("srresnet", "vanilla", 0.5, 1, 0.9);
        java.util.function.Function<SharpenedTargets, TrainConfig> with = t -> base.withLoss(new LossConfig("l1", 1.0, "vanilla", 1e-2, 0.5, new int[] {1, 5}, null, t));
        INDArray[] b = batch(7);
        INDArray sharp = b[1].mul(1.3).subi(0.15); // any other target
        // all flags: as if the sharpened patch were the HR; none: as if there were no sharpened patch
        for (boolean all : new boolean[] {true, false}) {
            GanTrainer a = new GanTrainer(with.apply(new SharpenedTargets(all, all, all)));
            GanTrainer twin = new GanTrainer(with.apply(new SharpenedTargets(all, all, all)));
            for (int i = 0; i < 3; i++) {
                a.step(b[0], b[1], sharp);
                twin.step(b[0], all ? sharp : b[1]);
            }
            assertEquals(TrainState.export(twin).tensors(), TrainState.export(a).tensors(), "all flags " + all);
        }
        // pixel only: G's pixel term sees the sharpened patch, D's real input the HR
        GanTrainer a = new GanTrainer(with.apply(new SharpenedTargets(true, false, false)));
        GanTrainer twin = new GanTrainer(with.apply(new SharpenedTargets(true, false, false)));
        a.step(b[0], b[1], sharp); // PSNR phase: the pixel term only
        twin.step(b[0], sharp);
        StepMetrics ma = a.step(b[0], b[1], sharp);
        StepMetrics mt = twin.step(b[0], sharp);
        assertEquals(mt.values().get("l_g_pix"), ma.values().get("l_g_pix"));
        assertNotEquals(mt.values().get("out_d_real"), ma.values().get("out_d_real"));
    }

    @Test
    void unetDiscriminatorTrainsPerPixelAndItsPowerIterationStateResumesExactly() {
        TrainConfig base = config("msrresnet", "vanilla", 0.5, 1, 0.9);
        TrainConfig c = base.withNetworks(GeneratorConfig.rrdb(1, 8, 4, 4), DiscriminatorConfig.unetSn(4));
        GanTrainer a = new GanTrainer(c);
        INDArray[] x4 = batch(0);
        INDArray lr = io.srgan.core.nn.NativeOps.resizeBilinear(x4[1], 4, 4);
        TrainState before = TrainState.export(a);
        for (int i = 0; i < 3; i++) {
            StepMetrics m = a.step(lr, x4[1]);
            assertTrue(i == 0 || Double.isFinite(m.values().get("l_d_real")), "step " + i + ": " + m.values());
        }
        TrainState mid = TrainState.export(a);
        assertTrue(mid.tensors().containsKey("d/d.conv1.weight_u") && mid.tensors().containsKey("d/d.conv8.weight_v"));
        assertFalse(mid.tensors().get("d/d.conv1.weight_u").equals(before.tensors().get("d/d.conv1.weight_u")),
                "the D steps ran power iterations");
        for (int i = 3; i < 5; i++) a.step(lr, x4[1]);
        GanTrainer b = new GanTrainer(c.withSeed(999));
        mid.restoreInto(b);
        for (int i = 3; i < 5; i++) b.step(lr, x4[1]);
        TrainState sa = TrainState.export(a);
        TrainState sb = TrainState.export(b);
        for (Map.Entry<String, INDArray> e : sa.tensors().entrySet()) {
            assertEquals(e.getValue(), sb.tensors().get(e.getKey()), e.getKey() + " differs after resume");
        }
    }

    @Test
    void esrganVgg128DiscriminatorTrainsWithFeatureMatchingOnItsLastBlockAndResumesExactly() {
        TrainConfig base = config("msrresnet", "ragan", 0.5, 1, 0.9);
        TrainConfig c = new TrainConfig(GeneratorConfig.msrresnet(1, 4, 4), DiscriminatorConfig.vggStyle(2, 128),
                new LossConfig("l1", 1.0, "ragan", 1e-2, 0.5, new int[] {2, 9}), base.adamG(), base.adamD(), base.schedule(),
                base.psnrSteps(), base.emaDecay(), 11);
        INDArray hr = SeededArrays.uniform(3, DataType.FLOAT, 2, 128, 128, 3);
        INDArray lr = io.srgan.core.nn.NativeOps.resizeBilinear(hr, 32, 32);
        GanTrainer a = new GanTrainer(c);
        TrainState before = TrainState.export(a);
        for (int i = 0; i < 3; i++) {
            StepMetrics m = a.step(lr, hr);
            assertTrue(i == 0 || Double.isFinite(m.values().get("l_d_real")), "step " + i + ": " + m.values());
        }
        TrainState mid = TrainState.export(a);
        assertFalse(mid.tensors().get("d/linear1.weight").equals(before.tensors().get("d/linear1.weight")), "D trained");
        assertFalse(mid.tensors().get("d/bn4_1.running_mean").equals(before.tensors().get("d/bn4_1.running_mean")));
        assertFalse(mid.tensors().keySet().stream().anyMatch(k -> k.contains("conv0_1.bias") || k.contains("no_bias")),
                "bias-free convs have no bias in the state: " + mid.tensors().keySet());
        for (int i = 3; i < 5; i++) a.step(lr, hr);
        GanTrainer b = new GanTrainer(c.withSeed(999));
        mid.restoreInto(b);
        for (int i = 3; i < 5; i++) b.step(lr, hr);
        TrainState sa = TrainState.export(a);
        TrainState sb = TrainState.export(b);
        for (Map.Entry<String, INDArray> e : sa.tensors().entrySet()) {
            assertEquals(e.getValue(), sb.tensors().get(e.getKey()), e.getKey() + " differs after resume");
        }
    }

    private static io.srgan.core.util.Registry<io.srgan.core.loss.AdversarialLoss> AdversarialLoss() {
        return io.srgan.core.loss.AdversarialLoss.REGISTRY;
    }

    @Test
    void discriminatorStepMovesOnlyDAndGeneratorStepOnlyG() {
        GanTrainer t = new GanTrainer(config("msrresnet", "ragan", 0.5, 0, 0));
        TrainState before = TrainState.export(t);
        t.step(batch(1)[0], batch(1)[1]);
        TrainState after = TrainState.export(t);
        assertTrue(changed(before, after, "g/"), "G must move in a GAN step");
        assertTrue(changed(before, after, "d/"), "D must move in a GAN step");
        assertEquals(1, t.adamG().iteration());
        assertEquals(1, t.adamD().iteration());
        // D's update must come only from its own loss: replay the D step alone and compare
        GanTrainer replay = new GanTrainer(config("msrresnet", "ragan", 0.5, 0, 0));
        before.restoreInto(replay);
        io.srgan.core.nn.Mode m = io.srgan.core.nn.Mode.TRAIN;
        replay.discriminator().zeroGrad();
        INDArray[] b = batch(1);
        try (INDArray sr = replay.generator().forward(b[0], io.srgan.core.nn.Mode.TRAIN_NO_GRAD);
             INDArray real = replay.discriminator().forward(b[1], m);
             INDArray fake = replay.discriminator().forward(sr, m)) {
            var loss = io.srgan.core.loss.AdversarialLoss.byName("ragan").discriminator(
                    io.srgan.core.loss.AdversarialLoss.values(real), io.srgan.core.loss.AdversarialLoss.values(fake));
            replay.discriminator().backward(io.srgan.core.loss.AdversarialLoss.gradientLike(loss.gradFake(), fake)).close();
            replay.discriminator().backward(io.srgan.core.loss.AdversarialLoss.gradientLike(loss.gradReal(), real)).close();
        }
        replay.adamD().step(t.config().adamD().lr());
        TrainState replayed = TrainState.export(replay);
        for (String name : after.tensors().keySet()) {
            if (name.startsWith("d/") && !name.contains("running")) {
                assertEquals(after.tensors().get(name), replayed.tensors().get(name), name);
            }
        }
    }

    /** A target the generator can learn and bilinear interpolation misses: nearest-neighbour ×2 of the LR. */
    static INDArray[] blockyBatch(long seed) {
        INDArray lr = SeededArrays.uniform(seed, DataType.FLOAT, 3, 8, 8, 3);
        INDArray hr = new io.srgan.core.nn.NearestUpsample(2).forward(lr, io.srgan.core.nn.Mode.INFER);
        return new INDArray[] {lr, hr};
    }

    @Test
    void psnrPhaseLearnsAndMetricsAreNamed() {
        TrainConfig c = config("msrresnet", "vanilla", 0, 1000, 0.99);
        GanTrainer t = new GanTrainer(new TrainConfig(c.generator(), c.discriminator(), c.loss(), AdamConfig.of(1e-2, 0.9, 0.99),
                c.adamD(), ScheduleConfig.constant(), c.psnrSteps(), c.emaDecay(), c.seed()));
        double first = 0;
        double last = 0; // mean of the last 6 steps (2 passes over the 3 batches)
        for (int i = 0; i < 40; i++) {
            INDArray[] b = blockyBatch(i % 3);
            StepMetrics m = t.step(b[0], b[1]);
            if (i < 3) first += m.get("l_g_pix") / 3;
            if (i >= 34) last += m.get("l_g_pix") / 6;
        }
        assertTrue(last < 0.85 * first, "pixel loss should fall: " + first + " -> " + last);
        assertEquals(0, t.adamD().iteration(), "the PSNR phase must not touch D");
        StepMetrics gan = new GanTrainer(config("msrresnet", "vanilla", 0.5, 0, 0)).step(batch(0)[0], batch(0)[1]);
        for (String k : new String[] {"l_g_pix", "l_g_gan", "l_g_fm", "l_g_total", "l_d_real", "l_d_fake", "out_d_real", "out_d_fake", "lr_g", "lr_d"}) {
            assertTrue(Double.isFinite(gan.get(k)), k);
        }
    }

    @Test
    void theGanWarmupRampsBothNetworksRatesFromTheFirstGanStep() {
        TrainConfig c = config("msrresnet", "vanilla", 0, 2, 0);
        GanTrainer t = new GanTrainer(new TrainConfig(c.generator(), c.discriminator(), c.loss(), c.adamG(), c.adamD(),
                new ScheduleConfig("constant", 0, 1, null, 1, 0, 4), c.psnrSteps(), c.emaDecay(), c.seed()));
        double[] lrG = new double[5];
        double[] lrD = new double[5];
        for (int i = 0; i < 5; i++) {
            StepMetrics m = t.step(batch(i)[0], batch(i)[1]);
            lrG[i] = m.get("lr_g");
            lrD[i] = i < 2 ? Double.NaN : m.get("lr_d");
        }
        assertEquals(1e-3, lrG[1], 1e-15, "the PSNR phase has no warm-up here");
        assertEquals(1e-3 / 4, lrG[2], 1e-15);
        assertEquals(2e-3 / 4, lrD[2], 1e-15);
        assertEquals(2e-3 * 2 / 4, lrD[3], 1e-15);
        assertEquals(1e-3 * 3 / 4, lrG[4], 1e-15);
    }

    @Test
    void importRejectsAStateOfAnotherShape() {
        TrainState small = TrainState.export(new GanTrainer(config("msrresnet", "vanilla", 0, 0, 0)));
        TrainConfig c = config("msrresnet", "vanilla", 0, 0, 0);
        GanTrainer wider = new GanTrainer(new TrainConfig(new GeneratorConfig("msrresnet", 2, 16, 2, "subpixel"),
                c.discriminator(), c.loss(), c.adamG(), c.adamD(), c.schedule(), 0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.restoreInto(wider));
        assertTrue(e.getMessage().contains("has shape"), e.getMessage());
        GanTrainer withEma = new GanTrainer(config("msrresnet", "vanilla", 0, 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> small.restoreInto(withEma));
        assertNotEquals(small.tensors().size(), TrainState.export(withEma).tensors().size());
    }

    @Test
    void perceptualTermTrainsGThroughTheFrozenFeatureNetwork(@TempDir Path dir) {
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("functional", null, "valid", 6));
        double weight = 0.5;
        PerceptualConfig pc = new PerceptualConfig(weight, h5, List.of("block2_conv2"), null, true, "l1", "caffe");
        TrainConfig c = config("srresnet", "vanilla", 0, 0, 0);
        // pixel and adversarial weights 0: G learns from the perceptual term alone
        c = new TrainConfig(c.generator(), c.discriminator(), new LossConfig("l1", 0, "vanilla", 0, 0, null, pc),
                c.adamG(), c.adamD(), ScheduleConfig.constant(), 0, 0, c.seed());
        GanTrainer t = new GanTrainer(c);
        TrainState before = TrainState.export(t);
        assertTrue(before.tensors().keySet().stream().noneMatch(n -> n.contains("block")), "the feature network is not training state");
        INDArray[] b = batch(1);
        StepMetrics m = t.step(b[0], b[1]);
        assertTrue(m.get("l_g_perc") > 0, m.toString());
        assertEquals(weight * m.get("l_g_perc"), m.get("l_g_total"), 1e-9);
        TrainState after = TrainState.export(t);
        assertTrue(changed(before, after, "g/"), "G must move");

        // G's update is the perceptual gradient of SR, back through G, through Adam
        GanTrainer replay = new GanTrainer(c);
        before.restoreInto(replay);
        replay.generator().zeroGrad();
        PerceptualLoss loss = new PerceptualLoss(KerasFeatureImport.load(h5, List.of("block2_conv2"), true, Preprocessing.CAFFE,
                DataType.FLOAT), new double[] {1}, PixelLoss.byName("l1"));
        try (INDArray sr = replay.generator().forward(b[0], Mode.TRAIN); LossResult r = loss.compute(sr, b[1])) {
            assertEquals(m.get("l_g_perc"), r.value(), 1e-6);
            replay.generator().backwardFrom(r.grad().muli(weight));
        }
        replay.adamG().step(c.adamG().lr());
        TrainState replayed = TrainState.export(replay);
        for (String name : after.tensors().keySet()) {
            if (name.startsWith("g/") && !name.contains("running")) {
                assertEquals(after.tensors().get(name), replayed.tensors().get(name), name);
            }
        }
    }

    @Test
    void aMissingFeatureModelIsAnErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("vgg19.h5");
        PerceptualConfig pc = new PerceptualConfig(1, missing, List.of("block5_conv4"), null, true, "l1", "caffe");
        TrainConfig c = config("msrresnet", "vanilla", 0, 0, 0);
        TrainConfig withPerceptual = new TrainConfig(c.generator(), c.discriminator(), new LossConfig("l1", 1, "vanilla", 1e-3, 0, null, pc),
                c.adamG(), c.adamD(), c.schedule(), 0, 0, c.seed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GanTrainer(withPerceptual));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    private static boolean changed(TrainState a, TrainState b, String prefix) {
        return a.tensors().entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && !e.getKey().contains("running"))
                .anyMatch(e -> !e.getValue().equals(b.tensors().get(e.getKey())));
    }
}
