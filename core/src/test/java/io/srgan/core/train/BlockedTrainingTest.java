package io.srgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.GeneratorConfig;
import io.srgan.core.nn.BlockedPlan;
import io.srgan.core.nn.Mode;
import io.srgan.core.nn.Param;
import io.srgan.core.util.CappedCpuJvm;
import io.srgan.core.util.SeededArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Generators whose training runs in the channel-blocked layout ({@link BlockedPlan}; srresnet's batch
 * norms on oneDNN, its 9×9 head and tail with an image's three channels) against the same
 * generators trained NHWC, which the gradient checks and PyTorch fixtures cover. Each step starts
 * from one shared state (over several, Adam's normalised steps turn rounding differences in small
 * gradients into ±lr moves and the two runs part, as two NHWC runs in two JVMs do): PSNR steps (in
 * the step workspace) give the same losses and gradients up to fp32 rounding (the blocked
 * convolutions sum in another order and use Winograd in the forward too), a GAN step up to the
 * discriminator's amplification of it. Inference is NHWC either way, bit for bit.
 */
class BlockedTrainingTest {
    private static final int PSNR_STEPS = 3;

    private static TrainConfig config(String arch, String upsampler, int channels) {
        TrainConfig c = GanTrainerTest.config("msrresnet", "ragan", 0, PSNR_STEPS, 0.9);
        // MSE: an L1 gradient counts signs, and a pixel on the edge flips between the two runs
        return c.withNetworks(new GeneratorConfig(arch, 2, channels, 4, upsampler, 16), c.discriminator())
                .withLoss(new LossConfig("mse", 1.0, "ragan", 1e-2, 0, null));
    }

    @ParameterizedTest
    @CsvSource({"msrresnet, subpixel, 16", "srvgg, subpixel, 32", "rrdb, nearest, 16", "srresnet, subpixel, 16"})
    void aGeneratorTrainsInTheBlockedLayoutAsInNhwc(String arch, String upsampler, int channels) {
        Assumptions.assumeTrue(BlockedPlan.unavailable() == null, () -> "no blocked layout here: " + BlockedPlan.unavailable());
        TrainConfig c = config(arch, upsampler, channels);
        GanTrainer blocked = new GanTrainer(c);
        GanTrainer nhwc;
        System.setProperty(BlockedPlan.PROPERTY, "false");
        try {
            nhwc = new GanTrainer(c);
        } finally {
            System.clearProperty(BlockedPlan.PROPERTY);
        }
        assertTrue(blocked.generator().trainsInBlockedLayout(), arch + " is planned");
        assertFalse(nhwc.generator().trainsInBlockedLayout());

        for (int i = 0; i < PSNR_STEPS; i++) {
            TrainState.export(nhwc).restoreInto(blocked);
            assertSameStep(nhwc, blocked, i, 1e-5, arch + " PSNR step " + i);
            assertSameGradients(nhwc, blocked, 1e-4, arch + " PSNR step " + i);
        }
        TrainState.export(nhwc).restoreInto(blocked);
        // the G losses are taken after the D update, whose Adam step moves the batch-normed biases by ±lr on rounding noise
        assertSameStep(nhwc, blocked, PSNR_STEPS, 1e-4, arch + " GAN step");
        // through the discriminator's input gradient, which amplifies the two generators' rounding differences: seen 7e-4
        // apart here, up to 5e-3 on a loaded machine; a wrong layout or kernel is off by the gradient's size
        assertSameGradients(nhwc, blocked, 2e-2, arch + " GAN step");

        INDArray lr = batch(9)[0];
        blocked.releaseStepMemory();
        nhwc.releaseStepMemory();
        nhwc.generator().params().forEach((name, p) -> blocked.generator().params().get(name).value().assign(p.value()));
        assertEquals(nhwc.generator().forward(lr, Mode.INFER), blocked.generator().forward(lr, Mode.INFER), "inference is NHWC in both");
    }

    /** A CPU without AVX-512 (oneDNN capped to AVX2 in a child JVM): nothing is planned, the NHWC step runs and learns. */
    @Test
    void withoutAvx512TheGeneratorTrainsNhwc(@TempDir Path dir) throws Exception {
        String out = CappedCpuJvm.run(Child.class, "AVX2", "1g", List.of(), dir);
        assertTrue(out.contains("RESULT planned=false learns=true"), out);
        assertTrue(out.contains("unavailable=oneDNN finds no AVX-512"), "nothing planned for the CPU's sake, not for missing natives: " + out);
    }

    /** The child of {@link #withoutAvx512TheGeneratorTrainsNhwc}. */
    public static final class Child {
        public static void main(String[] args) {
            GanTrainer t = new GanTrainer(config("msrresnet", "subpixel", 16));
            INDArray[] b = batch(0);
            double first = t.step(b[0], b[1]).values().get("l_g_pix"), last = first;
            for (int i = 0; i < 5; i++) last = t.step(b[0], b[1]).values().get("l_g_pix");
            System.out.println("RESULT planned=" + t.generator().trainsInBlockedLayout() + " learns=" + (last < first)
                    + " unavailable=" + BlockedPlan.unavailable());
        }
    }

    private static void assertSameStep(GanTrainer expectedTrainer, GanTrainer actualTrainer, long seed, double tolerance, String what) {
        INDArray[] b = batch(seed);
        Map<String, Double> expected = expectedTrainer.step(b[0], b[1]).values(), got = actualTrainer.step(b[0], b[1]).values();
        assertEquals(expected.keySet(), got.keySet(), what);
        for (String k : expected.keySet()) {
            double e = expected.get(k), g = got.get(k);
            assertTrue(Math.abs(e - g) <= tolerance * Math.abs(e) + 1e-7, what + " " + k + ": " + e + " against " + g);
        }
    }

    /**
     * The generator's gradients of the last step, each within {@code tolerance} of its largest magnitude (or of
     * 1e-2 of the network's largest; what
     * the step's Adam update is made from; the updated weights themselves would hide most of a
     * difference, Adam's steps being about the learning rate whatever the gradient).
     */
    private static void assertSameGradients(GanTrainer expectedTrainer, GanTrainer actualTrainer, double tolerance, String what) {
        Map<String, Param> a = expectedTrainer.generator().params(), b = actualTrainer.generator().params();
        assertEquals(a.keySet(), b.keySet());
        double largest = a.values().stream().filter(Param::isTrainable).mapToDouble(p -> p.grad().amaxNumber().doubleValue()).max()
                .orElseThrow();
        for (Map.Entry<String, Param> e : a.entrySet()) {
            if (!e.getValue().isTrainable()) continue;
            INDArray x = e.getValue().grad(), y = b.get(e.getKey()).grad();
            // a bias before a batch norm (srresnet) has a zero gradient up to rounding: at least 1e-2 of the network's largest
            double scale = Math.max(x.amaxNumber().doubleValue(), 1e-2 * largest), diff = x.sub(y).amaxNumber().doubleValue();
            assertTrue(scale > 0, what + ": " + e.getKey() + " has no gradient");
            assertTrue(diff <= tolerance * scale, what + ": " + e.getKey() + "'s gradient differs by " + diff + " (max magnitude " + scale + ")");
        }
    }

    /** LR 8² and HR 32² (×4). */
    private static INDArray[] batch(long seed) {
        INDArray hr = SeededArrays.uniform(seed, DataType.FLOAT, 3, 32, 32, 3);
        INDArray lr = io.srgan.core.nn.NativeOps.resizeBilinear(hr, 8, 8);
        return new INDArray[] {lr, hr};
    }
}
