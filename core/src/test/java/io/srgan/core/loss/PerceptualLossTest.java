package io.srgan.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.srgan.core.features.KerasFeatureImport;
import io.srgan.core.features.KerasTestModels;
import io.srgan.core.features.Preprocessing;
import io.srgan.core.nn.Conv2d;
import io.srgan.core.nn.FeatureNetwork;
import io.srgan.core.nn.FiniteDifference;
import io.srgan.core.nn.LeakyRelu;
import io.srgan.core.util.SeededArrays;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PerceptualLossTest {
    /**
     * φ = a 1×1 conv from 1 to 2 channels (weights [2, −1], bias [0.1, 0.2]) then ReLU; features:
     * "pre" (the conv's output, weight 0.5) and "post" (after the ReLU, weight 2). Two pixels:
     * SR = [0.5, −1], HR = [0, 1], so pre(SR) = [1.1, −0.3, −1.9, 1.2], pre(HR) = [0.1, 0.2, 2.1, −0.8],
     * post(SR) = [1.1, 0, 0, 1.2], post(HR) = [0.1, 0.2, 2.1, 0].
     */
    private static PerceptualLoss tiny(String criterion) {
        Conv2d conv = Conv2d.frozen("c", Nd4j.create(new double[] {2, -1}, new long[] {1, 1, 1, 2}, DataType.DOUBLE),
                Nd4j.create(new double[] {0.1, 0.2}, new long[] {2}, DataType.DOUBLE));
        FeatureNetwork net = new FeatureNetwork(List.of(conv, new LeakyRelu("r", 0)), List.of("pre", "post"), new int[] {0, 1});
        return new PerceptualLoss(net, new double[] {0.5, 2}, PixelLoss.byName(criterion));
    }

    private static final INDArray SR = Nd4j.create(new double[] {0.5, -1}, new long[] {1, 1, 2, 1}, DataType.DOUBLE);
    private static final INDArray HR = Nd4j.create(new double[] {0, 1}, new long[] {1, 1, 2, 1}, DataType.DOUBLE);

    @Test
    void l1ByHand() {
        // pre diffs [1, −0.5, −4, 2]: mean |·| 7.5/4; post diffs [1, −0.2, −2.1, 1.2]: 4.5/4
        try (LossResult r = tiny("l1").compute(SR, HR)) {
            assertEquals(0.5 * 7.5 / 4 + 2 * 4.5 / 4, r.value(), 1e-12);
            // d/dpre = 0.5·sign/4 + (2·sign/4 where pre(SR) > 0) = [0.625, −0.125, −0.125, 0.625];
            // d/dsr = 2·d/dpre[0] − d/dpre[1] per pixel
            assertArrayEquals(new double[] {2 * 0.625 + 0.125, 2 * -0.125 - 0.625}, r.grad().data().asDouble(), 1e-12);
        }
    }

    @Test
    void mseByHand() {
        try (LossResult r = tiny("mse").compute(SR, HR)) {
            assertEquals(0.5 * (1 + 0.25 + 16 + 4) / 4 + 2 * (1 + 0.04 + 4.41 + 1.44) / 4, r.value(), 1e-12);
            // d/dpre = 0.5·2·diff/4 + (2·2·diff/4 where pre(SR) > 0) = [1.25, −0.125, −1, 1.7]
            assertArrayEquals(new double[] {2 * 1.25 + 0.125, 2 * -1 - 1.7}, r.grad().data().asDouble(), 1e-12);
        }
    }

    @Test
    void gradientWithRespectToSrMatchesFiniteDifferencesThroughAKerasVgg(@TempDir Path dir) {
        Path h5 = KerasTestModels.write(dir, "vgg.h5", KerasTestModels.vgg("functional", null, "valid", 5));
        FeatureNetwork net = KerasFeatureImport.load(h5, List.of("block3_conv2", "block1_conv2"), true, Preprocessing.CAFFE, DataType.DOUBLE);
        // fixed points: a difference never straddles a kink by chance
        INDArray sr = SeededArrays.uniform(22, DataType.DOUBLE, 2, 12, 12, 3);
        INDArray hr = SeededArrays.uniform(23, DataType.DOUBLE, 2, 12, 12, 3);
        for (String criterion : new String[] {"l1", "mse"}) {
            PerceptualLoss loss = new PerceptualLoss(net, new double[] {1, 0.25}, PixelLoss.byName(criterion));
            INDArray grad = loss.compute(sr, hr).grad();
            Random random = new Random(7);
            double eps = 1e-6;
            for (int s = 0; s < 40; s++) {
                long i = (long) (random.nextDouble() * sr.length());
                double numeric = FiniteDifference.central(sr, i, eps, () -> value(loss, sr, hr));
                double analytic = grad.getDouble(i);
                double err = Math.abs(numeric - analytic);
                assertTrue(err < 1e-8 || err / (Math.abs(numeric) + Math.abs(analytic)) < 1e-5,
                        criterion + " sr[" + i + "]: analytic " + analytic + " vs numeric " + numeric);
            }
            assertTrue(grad.amaxNumber().doubleValue() > 0);
        }
    }

    private static double value(PerceptualLoss loss, INDArray sr, INDArray hr) {
        try (LossResult r = loss.compute(sr, hr)) {
            return r.value();
        }
    }

    @Test
    void oneNonNegativeWeightPerLayer() {
        FeatureNetwork net = new FeatureNetwork(List.of(new LeakyRelu("r", 0)), List.of("r"), new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> new PerceptualLoss(net, new double[] {1, 1}, PixelLoss.byName("l1")));
        assertThrows(IllegalArgumentException.class, () -> new PerceptualLoss(net, new double[] {-1}, PixelLoss.byName("l1")));
    }
}
