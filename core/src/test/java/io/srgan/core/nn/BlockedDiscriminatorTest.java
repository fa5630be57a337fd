package io.srgan.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.arch.Discriminator;
import io.srgan.core.arch.DiscriminatorConfig;
import io.srgan.core.util.SeededArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Discriminators whose training runs in the channel-blocked layout ({@link BlockedPlan}: strided
 * convolutions, batch norm on oneDNN, pooling or flattening into the head; unet-sn's spectral norm,
 * bilinear upsampling and skip sums) against the same
 * discriminators in DOUBLE (NHWC; covered by the gradient checks and the BasicSR parity test): the
 * discriminator's own step (real and fake forwards, backwards in reverse order: logits, parameter
 * gradients, running statistics) and the generator's (features, the input gradient with feature
 * gradients on some blocks), each up to fp32 rounding.
 */
class BlockedDiscriminatorTest {
    private static final double TOLERANCE = 1e-4; // of the largest magnitude
    /**
     * For parameter gradients, of the largest magnitude of the parameter's or 1e-2 of the largest of
     * the network's: they sum over every pixel of the batch (the first convolution's over 2·128²),
     * and a bias before a batch norm has a zero gradient up to rounding.
     */
    private static final double GRADIENT_TOLERANCE = 1e-4;

    @ParameterizedTest
    @CsvSource({"vgg, batch, 32", "vgg, none, 48", "vgg128, batch, 128", "unet-sn, spectral, 32"})
    void aDiscriminatorTrainsInTheBlockedLayoutAsInDouble(String arch, String norm, int size) {
        Assumptions.assumeTrue(BlockedPlan.unavailable() == null, () -> "no blocked layout here: " + BlockedPlan.unavailable());
        DiscriminatorConfig c = switch (arch) {
            case "vgg" -> new DiscriminatorConfig(16, norm, arch);
            case "unet-sn" -> DiscriminatorConfig.unetSn(16);
            default -> DiscriminatorConfig.vggStyle(16, size);
        };
        Discriminator blocked = Discriminator.build(c, new Init(3, DataType.FLOAT));
        System.setProperty(BlockedPlan.PROPERTY, "false");
        try {
            assertFalse(Discriminator.build(c, new Init(3, DataType.FLOAT)).trainsInBlockedLayout(), "the property turns the plan off");
        } finally {
            System.clearProperty(BlockedPlan.PROPERTY);
        }
        assertTrue(blocked.trainsInBlockedLayout(), arch + " is planned");
        Discriminator reference = Discriminator.build(c, new Init(3, DataType.DOUBLE)); // NHWC: DOUBLE is never planned
        assertFalse(reference.trainsInBlockedLayout());
        reference.params().forEach((name, p) -> p.value().assign(blocked.params().get(name).value().castTo(DataType.DOUBLE)));
        INDArray real = SeededArrays.uniform(11, DataType.DOUBLE, 2, size, size, 3);
        INDArray fake = SeededArrays.uniform(12, DataType.DOUBLE, 2, size, size, 3);

        // the discriminator's step
        Discriminator.Outputs rr = reference.forwardWithFeatures(real, Mode.TRAIN), rf = reference.forwardWithFeatures(fake, Mode.TRAIN);
        Discriminator.Outputs br = blocked.forwardWithFeatures(real.castTo(DataType.FLOAT), Mode.TRAIN);
        Discriminator.Outputs bf = blocked.forwardWithFeatures(fake.castTo(DataType.FLOAT), Mode.TRAIN);
        assertClose(rr.logits(), br.logits(), "real logits");
        assertClose(rf.logits(), bf.logits(), "fake logits");
        for (Discriminator d : List.of(reference, blocked)) {
            DataType t = d == reference ? DataType.DOUBLE : DataType.FLOAT;
            d.backwardParamsOnly(Nd4j.valueArrayOf(rf.logits().shape(), 1.0, t));
            d.backwardParamsOnly(Nd4j.valueArrayOf(rr.logits().shape(), 0.5, t));
        }
        assertSameParams(reference.params(), blocked.params(), "D step");
        if (norm.equals("batch")) assertTrue(DnnlBatchNorm.cachedShapes() > 0, "the batch norms ran on oneDNN");
        Map<String, INDArray> runningStatistics = new java.util.HashMap<>();
        blocked.params().forEach((name, p) -> {
            if (!p.isTrainable()) runningStatistics.put(name, p.value().dup());
        });

        // the generator's step: D's real pass without gradients (RaGAN, feature matching), in the blocked layout too;
        // one feature read (converted to NHWC), the others closed unread
        Discriminator.Outputs nr = reference.forwardWithFeatures(real, Mode.TRAIN_NO_GRAD);
        Discriminator.Outputs nb = blocked.forwardWithFeatures(real.castTo(DataType.FLOAT), Mode.TRAIN_NO_GRAD);
        assertClose(nr.logits(), nb.logits(), "real logits without gradients");
        INDArray unread = ((NhwcFeatures) nb.features()).kept(0);
        assertTrue(BlockedLayout.isBlocked(unread), "the real pass ran blocked");
        assertEquals(4, nb.features().get(1).rank(), "features are handed out NHWC");
        assertClose(nr.features().get(1), nb.features().get(1), "real feature 1 without gradients");
        nr.closeAll();
        nb.closeAll();
        assertTrue(unread.wasClosed(), "an unread feature is closed with the rest");
        // then D's input gradient, feature matching on two blocks
        Discriminator.Outputs r = reference.forwardWithFeatures(fake, Mode.TRAIN_INPUT_GRAD);
        Discriminator.Outputs b = blocked.forwardWithFeatures(fake.castTo(DataType.FLOAT), Mode.TRAIN_INPUT_GRAD);
        List<INDArray> referenceGrads = new ArrayList<>(), blockedGrads = new ArrayList<>();
        for (int i = 0; i < r.features().size(); i++) {
            INDArray feature = b.features().get(i);
            assertEquals(4, feature.rank(), "features are handed out NHWC");
            assertClose(r.features().get(i), feature, "feature " + i);
            INDArray g = i == 1 || i == r.features().size() - 1 ? r.features().get(i).mul(0.01) : null;
            referenceGrads.add(g);
            blockedGrads.add(g == null ? null : g.castTo(DataType.FLOAT));
        }
        INDArray expected = reference.backward(r.logits().mul(0.5), referenceGrads);
        INDArray dx = blocked.backward(r.logits().mul(0.5).castTo(DataType.FLOAT), blockedGrads);
        assertArrayEquals(fake.shape(), dx.shape(), "the input gradient is NHWC");
        assertClose(expected, dx, "input gradient");
        runningStatistics.forEach((name, v) -> assertEquals(v, blocked.params().get(name).value(), name + ": the G step leaves it"));
    }

    private static void assertSameParams(Map<String, Param> expected, Map<String, Param> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet());
        double largest = expected.values().stream().filter(Param::isTrainable).mapToDouble(p -> p.grad().amaxNumber().doubleValue()).max()
                .orElseThrow();
        for (Map.Entry<String, Param> e : expected.entrySet()) {
            Param a = actual.get(e.getKey());
            if (e.getValue().isTrainable()) {
                INDArray x = e.getValue().grad(), y = a.grad().castTo(x.dataType());
                double scale = Math.max(x.amaxNumber().doubleValue(), 1e-2 * largest), diff = x.sub(y).amaxNumber().doubleValue();
                assertTrue(diff <= GRADIENT_TOLERANCE * scale, what + ": " + e.getKey() + "'s gradient differs by " + diff
                        + " (largest magnitude " + x.amaxNumber() + ")");
            } else {
                assertClose(e.getValue().value(), a.value(), what + ": " + e.getKey()); // running statistics
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = expected.amaxNumber().doubleValue(), diff = expected.sub(actual.castTo(expected.dataType())).amaxNumber().doubleValue();
        assertTrue(scale > 0, what + " is zero");
        assertTrue(diff <= TOLERANCE * scale, what + " differs by " + diff + " (largest magnitude " + scale + ")");
    }
}
